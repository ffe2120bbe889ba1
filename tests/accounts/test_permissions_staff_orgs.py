from credstack.accounts.models import Membership, Organisation, Role
from credstack.accounts.permissions import staff_organisations


def test_it_lists_only_organisations_where_the_user_holds_the_role(cast, org):
    other = Organisation.objects.create(name="Other College", slug="other-college")
    Membership.objects.create(user=cast["designer"], organisation=other, role=Role.ANALYST)
    Membership.objects.create(user=cast["assessor"], organisation=other, role=Role.DESIGNER)

    assert staff_organisations(cast["designer"], [Role.DESIGNER]) == [org]
    assert set(staff_organisations(cast["designer"])) == {org, other}
    assert staff_organisations(cast["outsider"], [Role.DESIGNER]) == []
