"""Integrations pages at the site root (namespace "interop"), mounted by credstack.urls.

The OB 2.0 and CLR documents are the ids inside shared credentials, so their addresses are
short and stable; the wallet is the earner's own page at /wallet.
"""

from django.urls import path

from .views import ob2, share, wallet

app_name = "interop"

urlpatterns = [
    path("ob2/assertions/<uuid:credential_uuid>", ob2.assertion, name="ob2_assertion"),
    path("ob2/assertions/<uuid:credential_uuid>/badge.png", ob2.baked_png, name="ob2_baked"),
    path("ob2/badges/<uuid:lineage>", ob2.badge, name="ob2_badge"),
    path("ob2/issuers/<slug:slug>", ob2.issuer, name="ob2_issuer"),
    path("clr/stacks/<slug:slug>", ob2.stack, name="clr_stack"),
    path("wallet", wallet.wallet, name="wallet"),
    path("wallet/import", wallet.import_view, name="import"),
    path("wallet/imported/<int:pk>/delete", wallet.delete_view, name="delete"),
    path("wallet/imported/<int:pk>/download", wallet.imported_download, name="imported_download"),
    path("wallet/export.zip", wallet.export_view, name="export"),
    path("wallet/clrs", wallet.clr_issue_view, name="clr_issue"),
    path("wallet/clrs/<uuid:credential_uuid>.json", wallet.clr_download, name="clr_download"),
    path("wallet/awards/<uuid:credential_uuid>/share", share.share_view, name="share"),
]
