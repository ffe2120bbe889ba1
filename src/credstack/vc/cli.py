"""``credstack vc``: the credential engine on the command line (no database, no settings).

Sub-commands: ``keygen``, ``issue``, ``sign``, ``verify``, ``bake``, ``extract``, ``status``.
Exit status: 0 valid / done, 1 invalid credential, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys

from ._cli_commands import (
    cmd_bake,
    cmd_extract,
    cmd_issue,
    cmd_keygen,
    cmd_sign,
    cmd_status,
    cmd_verify,
    run,
)

__all__ = ["build_parser", "main"]

_MAIN_EPILOG = """\
examples:
  credstack vc keygen > key.json
  credstack vc sign --key key.json unsigned.json > signed.json
  credstack vc verify signed.json
  credstack vc issue --key key.json --achievement-name "SQL basics" \\
      --recipient-email ada@example.org > badge.json
  credstack vc bake --image badge.png badge.json > baked.png
  credstack vc extract baked.png

exit status: 0 valid (or done), 1 invalid credential, 2 usage error
"""

_KEYGEN_EPILOG = """\
The output holds the SECRET key (secretKeyMultibase): keep it private.
examples:
  credstack vc keygen > key.json
  credstack vc keygen -o key.json        # file created with mode 0600
"""

_SIGN_EPILOG = """\
If the document has no issuer id, the key's did:key DID becomes the issuer.
examples:
  credstack vc sign --key key.json unsigned.json > signed.json
  cat unsigned.json | credstack vc sign --key key.json - > signed.json
  credstack vc sign --key key.json --jwt unsigned.json > badge.jwt
"""

_ISSUE_EPILOG = """\
examples:
  credstack vc issue --key key.json --issuer-name "Example University" \\
      --achievement-name "SQL basics" --achievement-type MicroCredential \\
      --recipient-email ada@example.org > badge.json
  credstack vc issue --key key.json --achievement-name "Teamwork" \\
      --recipient-did did:example:ebfeb1f712ebc6f1c276e12ec21 --valid-until 2030-01-01T00:00:00Z
"""

_VERIFY_EPILOG = """\
Input may be JSON, a VC-JWT, or a baked PNG/SVG. Nothing is fetched from the network; give
local copies of remote documents (status lists, did:web documents) with --document URL=FILE.
examples:
  credstack vc verify signed.json
  credstack vc verify --json baked.png
  credstack vc verify --now 2031-01-01T00:00:00Z signed.json
  credstack vc verify --document https://example.edu/status/1=status.json signed.json
"""

_BAKE_EPILOG = """\
examples:
  credstack vc bake --image badge.png signed.json > baked.png
  credstack vc bake --image badge.svg badge.jwt -o baked.svg
"""

_EXTRACT_EPILOG = """\
examples:
  credstack vc extract baked.png > credential.json
  credstack vc extract baked.svg | credstack vc verify -
"""

_STATUS_EPILOG = """\
examples:
  credstack vc status create --url https://example.edu/status/1 --key key.json > status.json
  credstack vc status set status.json 42 --key key.json > status2.json     # revoke index 42
  credstack vc status clear status2.json 42 --key key.json > status3.json
  credstack vc status get status2.json 42 7
"""


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", help="write here instead of standard output")


def _add_signing(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--key", required=required, help="key file made by 'credstack vc keygen'")
    parser.add_argument(
        "--verification-method", help="override the verification method URL (default: derived)"
    )


def _add_proof_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cryptosuite",
        default="eddsa-rdfc-2022",
        choices=("eddsa-rdfc-2022", "eddsa-jcs-2022"),
        help="Data Integrity cryptosuite (default: eddsa-rdfc-2022, the one OB 3.0 certifies)",
    )
    parser.add_argument("--jwt", action="store_true", help="output a VC-JWT (EdDSA) instead")


def build_parser() -> argparse.ArgumentParser:
    """The ``credstack vc`` argument parser."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="credstack vc",
        description="Issue, sign, verify and bake Open Badges 3.0 credentials.",
        epilog=_MAIN_EPILOG,
        formatter_class=fmt,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser(
        "keygen",
        help="make an Ed25519 did:key issuer key",
        epilog=_KEYGEN_EPILOG,
        formatter_class=fmt,
    )
    _add_output(p)
    p.set_defaults(handler=cmd_keygen)

    p = commands.add_parser(
        "sign", help="sign a credential", epilog=_SIGN_EPILOG, formatter_class=fmt
    )
    _add_signing(p)
    _add_proof_format(p)
    p.add_argument("credential", help="unsigned credential JSON file, or - for standard input")
    _add_output(p)
    p.set_defaults(handler=cmd_sign)

    p = commands.add_parser(
        "issue",
        help="build and sign a credential from flags",
        epilog=_ISSUE_EPILOG,
        formatter_class=fmt,
    )
    _add_signing(p)
    _add_proof_format(p)
    p.add_argument("--achievement-name", required=True)
    p.add_argument("--achievement-description")
    p.add_argument("--achievement-id", help="URI of the achievement (default: a new urn:uuid)")
    p.add_argument("--achievement-type", default="MicroCredential", help="default: MicroCredential")
    p.add_argument("--criteria", help="criteria narrative (Markdown)")
    p.add_argument("--issuer-name")
    p.add_argument("--issuer-id", help="issuer URI (default: the key's did:key)")
    p.add_argument("--recipient-email", help="recipient e-mail (stored salted and hashed)")
    p.add_argument("--recipient-did", help="recipient DID or URL")
    p.add_argument("--name", help="credential name (default: the achievement name)")
    p.add_argument("--valid-until", help="expiry, e.g. 2030-01-01T00:00:00Z")
    p.add_argument("--evidence-url", action="append", help="evidence URL (repeatable)")
    p.add_argument("--status-list", help="status list credential URL")
    p.add_argument("--status-index", type=int, default=0, help="index in the status list")
    _add_output(p)
    p.set_defaults(handler=cmd_issue)

    p = commands.add_parser(
        "verify", help="verify a credential", epilog=_VERIFY_EPILOG, formatter_class=fmt
    )
    p.add_argument(
        "credential", help="credential file (JSON, JWT, PNG, SVG), or - for standard input"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--now", help="check validity at this date-time instead of now")
    p.add_argument("--recipient", help="also check the credential was awarded to this e-mail/id")
    p.add_argument(
        "--document",
        action="append",
        metavar="URL=FILE",
        help="local copy of a remote document (repeatable)",
    )
    _add_output(p)
    p.set_defaults(handler=cmd_verify)

    p = commands.add_parser(
        "bake", help="bake a credential into a PNG or SVG", epilog=_BAKE_EPILOG, formatter_class=fmt
    )
    p.add_argument("--image", required=True, help="the PNG or SVG badge image")
    p.add_argument("credential", help="signed credential (JSON or VC-JWT), or - for standard input")
    _add_output(p)
    p.set_defaults(handler=cmd_bake)

    p = commands.add_parser(
        "extract",
        help="read the credential out of a baked image",
        epilog=_EXTRACT_EPILOG,
        formatter_class=fmt,
    )
    p.add_argument("image", help="baked PNG or SVG, or - for standard input")
    _add_output(p)
    p.set_defaults(handler=cmd_extract)

    p = commands.add_parser(
        "status",
        help="create, update or read a status list",
        epilog=_STATUS_EPILOG,
        formatter_class=fmt,
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("create", help="a new, all-clear status list credential")
    q.add_argument("--url", required=True, help="where the list will be published")
    q.add_argument("--issuer", help="issuer URI (default: the key's did:key)")
    q.add_argument("--size", type=int, default=131072, help="number of entries (min 131072)")
    q.add_argument("--purpose", default="revocation", choices=("revocation", "suspension"))
    _add_signing(q, required=False)
    _add_output(q)
    for action, text in (
        ("set", "set bits (revoke/suspend)"),
        ("clear", "clear bits"),
        ("get", "read bits"),
    ):
        q = actions.add_parser(action, help=text)
        q.add_argument("list", help="status list credential JSON")
        q.add_argument("index", type=int, nargs="+")
        if action != "get":
            _add_signing(q, required=False)
        _add_output(q)
    p.set_defaults(handler=cmd_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``credstack vc``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as e:  # argparse exits 2 on usage errors and 0 on --help
        return int(e.code or 0)
    return run(args)
