"""What each ``credstack vc`` sub-command does (the parser lives in :mod:`credstack.vc.cli`).

Every command reads files or standard input (``-``), writes a file (``-o``) or standard output,
and returns an exit status: 0 success/valid, 1 invalid credential or failed operation on valid
input, 2 usage error (bad arguments, unreadable or malformed input files).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from .baking import bake, extract
from .errors import VcError
from .fetch import MappingFetcher
from .jwt import sign_jwt
from .keys import Ed25519Key
from .model import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Criteria,
    Evidence,
    Profile,
    format_datetime,
    load_json,
    new_id,
)
from .proofs import sign
from .status import StatusList, status_entry, status_list_credential
from .verify import verify

__all__ = ["UsageError", "run"]


class UsageError(Exception):
    """Bad arguments or unreadable input: exit status 2."""


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from e


def _read_json(path: str) -> dict[str, Any]:
    try:
        document = load_json(_read(path))
    except VcError as e:
        raise UsageError(f"{path}: {e}") from e
    if not isinstance(document, dict):
        raise UsageError(f"{path}: expected a JSON object")
    return document


def _write(args: argparse.Namespace, data: bytes | str, *, secret: bool = False) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = getattr(args, "output", None)
    if target in (None, "-"):
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    if secret:  # a private key file is created readable by its owner only
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
    else:
        path.write_bytes(payload)


def _dump(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _load_key(path: str) -> Ed25519Key:
    document = _read_json(path)
    secret = document.get("secretKeyMultibase")
    if not isinstance(secret, str):
        raise UsageError(f"{path}: no secretKeyMultibase (make one with 'credstack vc keygen')")
    try:
        return Ed25519Key.from_secret_multibase(secret)
    except VcError as e:
        raise UsageError(f"{path}: {e}") from e


def _verification_method(key: Ed25519Key, issuer_id: str, override: str | None) -> str:
    """did:key issuers sign with ``did:key:z…#z…``; others with ``<issuer id>#z6Mk…`` (OB3-BRIEF
    §2.5: the fragment names the Multikey in the issuer's controller document)."""
    if override:
        return override
    return f"{issuer_id}#{key.public_multibase}"


def _sign(document: dict[str, Any], key: Ed25519Key, args: argparse.Namespace) -> str:
    issuer = document.get("issuer")
    if issuer is None:
        document["issuer"] = issuer = key.did_key
    elif isinstance(issuer, dict) and "id" not in issuer:
        issuer["id"] = key.did_key
    issuer_id = issuer if isinstance(issuer, str) else issuer["id"]
    method = _verification_method(key, issuer_id, args.verification_method)
    if args.jwt:
        return sign_jwt(document, key, kid=method) + "\n"
    return _dump(sign(document, key, verification_method=method, cryptosuite=args.cryptosuite))


def cmd_keygen(args: argparse.Namespace) -> int:
    """Generate an Ed25519 did:key issuer key."""
    key = Ed25519Key.generate()
    document = {
        "type": "Multikey",
        "id": f"{key.did_key}#{key.public_multibase}",
        "controller": key.did_key,
        "did": key.did_key,
        "verificationMethod": f"{key.did_key}#{key.public_multibase}",
        "publicKeyMultibase": key.public_multibase,
        "secretKeyMultibase": key.secret_multibase,
    }
    _write(args, _dump(document), secret=True)
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    """Add an eddsa-rdfc-2022 proof (or make a VC-JWT) to a credential."""
    key = _load_key(args.key)
    _write(args, _sign(_read_json(args.credential), key, args))
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    """Build a credential from flags and sign it."""
    if bool(args.recipient_email) == bool(args.recipient_did):
        raise UsageError("give exactly one of --recipient-email and --recipient-did")
    key = _load_key(args.key)
    achievement = Achievement(
        id=args.achievement_id or new_id(),
        name=args.achievement_name,
        description=args.achievement_description or args.achievement_name,
        criteria=Criteria(narrative=args.criteria or f"Earned {args.achievement_name}."),
        achievement_type=args.achievement_type,
    )
    if args.recipient_email:
        subject = AchievementSubject.for_email(args.recipient_email, achievement=achievement)
    else:
        subject = AchievementSubject(id=args.recipient_did, achievement=achievement)
    fields: dict[str, Any] = {}
    if args.valid_until:
        fields["valid_until"] = args.valid_until
    if args.evidence_url:
        fields["evidence"] = [Evidence(id=url) for url in args.evidence_url]
    if args.status_list:
        fields["credential_status"] = status_entry(args.status_list, args.status_index)
    try:
        credential = AchievementCredential.create(
            issuer=Profile(id=args.issuer_id or key.did_key, name=args.issuer_name),
            credential_subject=subject,
            name=args.name or args.achievement_name,
            **fields,
        )
    except VcError as e:
        raise UsageError(str(e)) from e
    _write(args, _sign(credential.to_json(), key, args))
    return 0


def _parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as e:
        raise UsageError(f"--now is not a date-time: {value!r}") from e
    return moment


def cmd_verify(args: argparse.Namespace) -> int:
    """Verify a credential and print the report."""
    documents: dict[str, bytes] = {}
    for mapping in args.document or []:
        url, sep, path = mapping.partition("=")
        if not sep:
            raise UsageError(f"--document wants URL=FILE, not {mapping!r}")
        documents[url] = _read(path)
    fetcher = MappingFetcher(documents) if documents else None
    report = verify(
        _read(args.credential),
        fetcher=fetcher,
        now=_parse_now(args.now),
        recipient=args.recipient,
    )
    _write(args, _dump(report.to_dict()) if args.json else report.to_text() + "\n")
    return 0 if report.valid else 1


def cmd_bake(args: argparse.Namespace) -> int:
    """Bake a credential (JSON or VC-JWT) into a PNG or SVG image."""
    raw = _read(args.credential).decode("utf-8", errors="replace").strip()
    credential: dict[str, Any] | str = (
        raw if raw.count(".") == 2 and "{" not in raw else _read_json(args.credential)
    )
    try:
        _write(args, bake(_read(args.image), credential))
    except VcError as e:
        raise UsageError(f"cannot bake: {e}") from e
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the credential baked into a PNG or SVG image."""
    try:
        found = extract(_read(args.image))
    except VcError as e:
        print(f"credstack vc extract: {e} [{e.code}]", file=sys.stderr)
        return 1
    if found.credential is not None:
        _write(args, _dump(found.credential))
    else:
        _write(args, f"{found.jwt or found.url}\n")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Create, update or read a Bitstring Status List credential."""
    if args.action == "create":
        status_list = StatusList(args.size)
        issuer = args.issuer
        key = _load_key(args.key) if args.key else None
    else:
        listed = _read_json(args.list)
        try:
            subject = listed["credentialSubject"]
            status_list = StatusList.decode(subject["encodedList"])
        except (KeyError, TypeError, VcError) as e:
            raise UsageError(f"{args.list}: not a status list credential ({e})") from e
        if args.action == "get":
            for index in args.index:
                print(f"{index}\t{int(status_list.get(index))}")
            return 0
        for index in args.index:
            status_list.set(index, args.action == "set")
        issuer, key = listed["issuer"], (_load_key(args.key) if args.key else None)
        args.url = listed["id"]
        args.purpose = subject.get("statusPurpose", "revocation")
    document = status_list_credential(
        args.url,
        issuer=issuer or (key.did_key if key else ""),
        status_list=status_list,
        valid_from=datetime.fromisoformat(format_datetime()),
        purpose=args.purpose,
    )
    if key is None:
        _write(args, _dump(document))
        return 0
    args.jwt = False
    args.cryptosuite = "eddsa-rdfc-2022"
    _write(args, _sign(document, key, args))
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the parsed command; ``UsageError`` and ``VcError`` become exit status 2."""
    try:
        code: int = args.handler(args)
    except (UsageError, VcError) as e:
        print(f"credstack vc {args.command}: {e}", file=sys.stderr)
        return 2
    return code
