"""``credstack vc``: the command line, through ``main([...])`` and once as a real process."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from credstack.vc.cli import main

EXAMPLE = (
    Path(__file__).parents[1]
    / "vectors"
    / "1edtech-ob3-spec"
    / "examples"
    / "basicOpenBadgeCredential.json"
)


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def key(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "key.json"
    assert run(capsys, "keygen", "-o", str(path))[0] == 0
    return path


def unsigned_without_issuer_id(tmp_path: Path) -> Path:
    document = json.loads(EXAMPLE.read_text())
    del document["issuer"]["id"]
    path = tmp_path / "unsigned.json"
    path.write_text(json.dumps(document))
    return path


def test_keygen_prints_a_did_key_issuer_key(capsys) -> None:
    code, out, _ = run(capsys, "keygen")
    key = json.loads(out)
    assert code == 0
    assert key["did"].startswith("did:key:z6Mk") and key["publicKeyMultibase"].startswith("z6Mk")
    assert key["verificationMethod"] == f"{key['did']}#{key['publicKeyMultibase']}"
    assert key["secretKeyMultibase"].startswith("z3u2")


def test_keygen_writes_the_key_file_readable_by_its_owner_only(key: Path) -> None:
    assert oct(key.stat().st_mode & 0o777) == "0o600"


def test_sign_then_verify_works_and_takes_the_issuer_from_the_key(tmp_path, key, capsys) -> None:
    code, out, _ = run(capsys, "sign", "--key", str(key), str(unsigned_without_issuer_id(tmp_path)))
    signed = json.loads(out)
    assert code == 0
    assert signed["issuer"]["id"] == json.loads(key.read_text())["did"]
    assert signed["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    path = tmp_path / "signed.json"
    path.write_text(out)
    code, out, _ = run(capsys, "verify", str(path))
    assert code == 0 and "Result: valid" in out
    code, out, _ = run(capsys, "verify", "--json", str(path))
    assert code == 0 and json.loads(out)["result"] == "valid"
    path.write_text(out.replace("Teamwork", "Rocket science"))
    path.write_text(json.dumps(json.loads(path.read_text())["credential"]))
    code, out, _ = run(capsys, "verify", str(path))
    assert code == 1 and "Result: invalid" in out


def test_sign_sets_the_issuer_when_the_document_has_none_and_can_make_a_jwt(
    tmp_path, key, capsys, monkeypatch
) -> None:
    document = json.loads(EXAMPLE.read_text())
    del document["issuer"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(document).encode())))
    code, out, _ = run(capsys, "sign", "--key", str(key), "--jwt", "-")
    assert code == 0 and out.count(".") == 2
    token = tmp_path / "badge.jwt"
    token.write_text(out)
    assert run(capsys, "verify", str(token))[0] == 0


def test_issue_builds_and_signs_a_micro_credential(tmp_path, key, capsys) -> None:
    out_path = tmp_path / "badge.json"
    code, _, _ = run(
        capsys,
        "issue",
        "--key",
        str(key),
        "--issuer-name",
        "Example University",
        "--achievement-name",
        "SQL basics",
        "--recipient-email",
        "ada@example.org",
        "--valid-until",
        "2030-01-01T00:00:00Z",
        "--evidence-url",
        "https://example.edu/e/1",
        "--status-list",
        "https://example.edu/status/1",
        "--status-index",
        "5",
        "-o",
        str(out_path),
    )
    badge = json.loads(out_path.read_text())
    assert code == 0
    assert badge["credentialSubject"]["achievement"]["achievementType"] == "MicroCredential"
    assert badge["credentialStatus"]["statusListIndex"] == "5"
    assert (
        run(
            capsys,
            "verify",
            "--recipient",
            "ada@example.org",
            "--now",
            "2029-01-01T00:00:00Z",
            str(out_path),
        )[0]
        == 0
    )
    assert run(capsys, "verify", "--now", "2031-01-01T00:00:00Z", str(out_path))[0] == 1
    code, out, _ = run(
        capsys,
        "issue",
        "--key",
        str(key),
        "--achievement-name",
        "Teamwork",
        "--recipient-did",
        "did:example:123",
        "--cryptosuite",
        "eddsa-jcs-2022",
    )
    assert code == 0 and json.loads(out)["proof"][0]["cryptosuite"] == "eddsa-jcs-2022"


def test_bake_and_extract_round_trip_through_a_png(tmp_path, key, capsys) -> None:
    badge = tmp_path / "badge.json"
    assert (
        run(
            capsys,
            "issue",
            "--key",
            str(key),
            "--achievement-name",
            "SQL",
            "--recipient-did",
            "did:example:1",
            "-o",
            str(badge),
        )[0]
        == 0
    )
    image = tmp_path / "badge.png"
    image.write_bytes(png())
    baked = tmp_path / "baked.png"
    assert run(capsys, "bake", "--image", str(image), str(badge), "-o", str(baked))[0] == 0
    code, out, _ = run(capsys, "extract", str(baked))
    assert code == 0 and json.loads(out) == json.loads(badge.read_text())
    code, out, _ = run(capsys, "verify", str(baked))
    assert code == 0
    code, _, err = run(capsys, "extract", str(image))
    assert code == 1 and "CREDENTIAL_NOT_BAKED" in err


def test_status_creates_sets_reads_and_clears_entries(tmp_path, key, capsys) -> None:
    first, second, third = (tmp_path / f"s{i}.json" for i in range(3))
    assert (
        run(
            capsys,
            "status",
            "create",
            "--url",
            "https://example.edu/status/1",
            "--key",
            str(key),
            "-o",
            str(first),
        )[0]
        == 0
    )
    assert json.loads(first.read_text())["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert (
        run(capsys, "status", "set", str(first), "42", "--key", str(key), "-o", str(second))[0] == 0
    )
    code, out, _ = run(capsys, "status", "get", str(second), "42", "7")
    assert code == 0 and out == "42\t1\n7\t0\n"
    assert run(capsys, "status", "clear", str(second), "42", "-o", str(third))[0] == 0
    assert "proof" not in json.loads(third.read_text())
    assert run(capsys, "status", "get", str(third), "42")[1] == "42\t0\n"


def test_a_revoked_credential_verifies_as_revoked_with_a_local_status_list(
    tmp_path, key, capsys
) -> None:
    url = "https://example.edu/status/1"
    lists = [tmp_path / "l0.json", tmp_path / "l1.json"]
    run(capsys, "status", "create", "--url", url, "--key", str(key), "-o", str(lists[0]))
    run(capsys, "status", "set", str(lists[0]), "9", "--key", str(key), "-o", str(lists[1]))
    badge = tmp_path / "badge.json"
    run(
        capsys,
        "issue",
        "--key",
        str(key),
        "--achievement-name",
        "SQL",
        "--recipient-did",
        "did:example:1",
        "--status-list",
        url,
        "--status-index",
        "9",
        "-o",
        str(badge),
    )
    code, out, _ = run(capsys, "verify", "--json", "--document", f"{url}={lists[1]}", str(badge))
    assert code == 1 and json.loads(out)["result"] == "revoked"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["sign", "missing.json"],
        ["sign", "--key", "/nonexistent/key.json", "x.json"],
        ["verify", "/nonexistent/credential.json"],
        ["verify", "--document", "no-equals-sign", "x.json"],
    ],
)
def test_usage_errors_exit_with_status_2(argv, capsys) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err


def test_bad_input_files_are_usage_errors(tmp_path, key, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    assert run(capsys, "sign", "--key", str(key), str(bad))[0] == 2
    bad.write_text("[1]")
    assert run(capsys, "sign", "--key", str(key), str(bad))[0] == 2
    assert run(capsys, "sign", "--key", str(bad), str(EXAMPLE))[0] == 2
    bad.write_text('{"secretKeyMultibase": "zzz"}')
    assert run(capsys, "sign", "--key", str(bad), str(EXAMPLE))[0] == 2
    assert run(capsys, "issue", "--key", str(key), "--achievement-name", "x")[0] == 2
    assert (
        run(
            capsys,
            "issue",
            "--key",
            str(key),
            "--achievement-name",
            "x",
            "--recipient-did",
            "d:1",
            "--valid-until",
            "tomorrow",
        )[0]
        == 2
    )
    assert run(capsys, "verify", "--now", "later", str(EXAMPLE))[0] == 2
    assert run(capsys, "status", "get", str(EXAMPLE), "1")[0] == 2
    assert run(capsys, "bake", "--image", str(EXAMPLE), str(EXAMPLE))[0] == 2


def test_help_shows_copy_paste_examples(capsys) -> None:
    assert main(["--help"]) == 0
    assert "credstack vc sign --key key.json unsigned.json > signed.json" in capsys.readouterr().out
    assert main(["verify", "--help"]) == 0
    assert "--document https://" in capsys.readouterr().out


def test_the_console_script_runs_the_documented_commands(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "credstack"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}

    def sh(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["/bin/sh", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    (tmp_path / "unsigned.json").write_text(unsigned_without_issuer_id(tmp_path).read_text())
    assert sh(f"{script} vc keygen > key.json").returncode == 0
    assert sh(f"{script} vc sign --key key.json unsigned.json > signed.json").returncode == 0
    result = sh(f"{script} vc verify signed.json")
    assert result.returncode == 0, result.stderr
    assert "Result: valid" in result.stdout
    assert sh(f"{script} vc verify nonexistent.json").returncode == 2
