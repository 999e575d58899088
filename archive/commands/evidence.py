"""Evidence commands: the archive's signing key (`keys`) and checking a signed WACZ export (`verify-export`)."""

from __future__ import annotations

from pathlib import Path

import click

from archive.commands.common import db_option, load_sources

key_option = click.option("--key", "key_path", type=click.Path(dir_okay=False, path_type=Path),
                          help="The archive's signing key (PEM); default: settings: SIGNING_KEY of --config, "
                               "else signing-key.pem beside the database.")
settings_option = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                               default=Path("config/sources.yaml"), show_default=True,
                               help="Sources YAML whose settings: may name SIGNING_KEY and TSA_URL (read when it exists).")
tsa_option = click.option("--tsa-url", metavar="URL", help="RFC 3161 timestamp authority for the signature "
                                                           "(default: settings: TSA_URL; none: the package says so).")


def _setting(config_path: Path | None, name: str) -> str | None:
    """A value of the config's `settings:` (None when the file does not exist or has no such setting)."""
    if config_path and config_path.exists():
        return load_sources(config_path).settings.get(name) or None
    return None


def signing_key_path(db: Path, key_path: Path | None, config_path: Path | None) -> Path:
    """The key file: --key, else the config's `settings: SIGNING_KEY`, else signing-key.pem beside the database."""
    from archive.store import keys

    setting = _setting(config_path, "SIGNING_KEY")
    return key_path or (Path(setting) if setting else keys.default_path(db))


def tsa_url(option: str | None, config_path: Path | None) -> str | None:
    """The RFC 3161 timestamp authority: --tsa-url, else the config's `settings: TSA_URL`, else none."""
    return option or _setting(config_path, "TSA_URL")


@click.command("keys")
@db_option
@key_option
@settings_option
def show_keys(db: Path, key_path: Path | None, config_path: Path | None) -> None:
    """Print the archive's public signing key (creating the key on first use) and its fingerprint.

    Publish the key (or its fingerprint) where readers can find it: `qpdp verify-export --public-key` checks
    that a WACZ was signed by it.

    Example:

        qpdp keys --db data/archive.db
    """
    from archive.store import keys

    path = signing_key_path(db, key_path, config_path)
    try:
        key = keys.load(path)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot use the signing key {path}: {exc}") from None
    public = keys.public_b64(key)
    click.echo(f"key file:    {path}", err=True)
    click.echo("algorithm:   ECDSA P-384, SHA-256 (WACZ Signing and Verification, anonymous signature)")
    click.echo(f"public key:  {public}")
    click.echo(f"fingerprint: {keys.fingerprint(public)}")
    click.echo(keys.public_pem(key).rstrip())


@click.command("verify-export")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public-key", metavar="B64", help="Require this signer (base64 public key, as `qpdp keys` prints it).")
@click.option("--this-archive", is_flag=True, help="Require the signer to be this archive's key (see --db, --key).")
@db_option
@key_option
@settings_option
def verify_export(file: Path, public_key: str | None, this_archive: bool, db: Path, key_path: Path | None,
                  config_path: Path | None) -> None:
    """Check a WACZ export: every byte, every file's sha256, the signature, and that every page replays.

    Each page of pages.jsonl must resolve through the CDXJ index to its WARC record (URL and capture time), and
    every article version's record id and sha256 must match. Problems are listed by the part of the file they
    are in; the exit code is 1 when there is any.

    Example:

        qpdp verify-export dan-quan.wacz --public-key MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE…
    """
    from archive.store import keys, waczcheck

    trusted = public_key
    if this_archive:
        path = signing_key_path(db, key_path, config_path)
        try:
            trusted = keys.public_b64(keys.load(path, create=False))
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"no usable archive key at {path}: {exc}") from None
    report = waczcheck.check(file, trusted)
    for part, problem in report.problems:
        click.echo(f"FAIL\t{part}\t{problem}")
    signer = keys.fingerprint(report.public_key) if report.public_key and not any(
        p == "datapackage-digest.json" and "base64" in m for p, m in report.problems) else "unknown"
    if not report.ok:
        raise click.ClickException(f"{file}: {len(report.problems)} problems; this package cannot be trusted as exported")
    click.echo(f"{file}: OK: {report.articles} articles, {report.pages} pages, {report.records} WARC records replay "
               f"from the CDXJ index; every file matches datapackage.json; signed {report.created} by key {signer}"
               + (f"; RFC 3161 timestamp {report.timestamp} (trust it as far as you trust that authority)"
                  if report.timestamp else "; no trusted timestamp")
               + ("" if trusted else " (compare this fingerprint with the archive's published one, or pass --public-key)"))


COMMANDS = (show_keys, verify_export)
