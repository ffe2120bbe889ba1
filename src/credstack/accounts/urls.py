from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import OutboxPasswordResetForm
from .views import audit, auth, organisations, profile

app_name = "accounts"
urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("signup/", auth.signup_view, name="signup"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=OutboxPasswordResetForm,
            template_name="accounts/password_reset.html",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("profile/", profile.profile_view, name="profile"),
    path("tokens/", profile.tokens_view, name="tokens"),
    path("tokens/<int:token_id>/revoke/", profile.revoke_token_view, name="revoke_token"),
    path("organisation/", organisations.organisation_view, name="organisation"),
    path("organisation/members/", organisations.add_member_view, name="add_member"),
    path(
        "organisation/members/<int:user_id>/roles/", organisations.give_role_view, name="give_role"
    ),
    path(
        "organisation/memberships/<int:membership_id>/remove/",
        organisations.remove_role_view,
        name="remove_role",
    ),
    path(
        "organisation/switch/", organisations.switch_organisation_view, name="switch_organisation"
    ),
    path("audit/", audit.audit_log_view, name="audit_log"),
]
