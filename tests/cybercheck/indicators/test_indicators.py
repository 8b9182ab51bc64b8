"""Indicators: Echap YAML quirks, STIX2 bundles, `indicators update` (loopback server) and the CLI group."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cybercheck.errors import DamagedInput, SourceError
from cybercheck.indicators.load import (
    companion_file,
    folder_texts,
    load_indicators,
    packaged_texts,
    parse_echap_yaml,
    set_from_texts,
)
from cybercheck.indicators.sets import ThreatKind
from cybercheck.indicators.stix2 import load_stix2, parse_stix2
from cybercheck.indicators.update import SAYS_KEPT, previous_folder, update_indicators
from cybercheck.net import make_session

FIXTURES = Path(__file__).parents[2] / "fixtures" / "indicators"
ECHAP = FIXTURES / "echap"
STIX = FIXTURES / "stix2"


def quirky():
    return set_from_texts(folder_texts(ECHAP), version="test", source="fixtures")


def test_echap_quirks():
    found = quirky()
    assert found.ip("198.51.100.7").threat.name == "QuirkSpy"  # `c2: ip:` read like `ips:`
    assert found.ip("198.51.100.8").threat.name == "NoPackages"
    assert found.ip("203.0.113.9")  # an IP under distribution
    assert found.certificate("abcdef0123456789abcdef0123456789abcdef01")  # colons and case ignored
    assert found.certificate("1234567890123456789012345678901234567890")  # YAML read it as a number
    assert found.domain("x.api.quirkspy.example").indicator == "domain"  # subdomains of a C2 domain
    assert found.domain("www.quirkspy.example").indicator == "website"  # host of a URL under websites
    assert found.url("http://dl.quirkspy.example/app.apk").indicator == "url"
    assert found.app("com.shared.name").threat.name == "QuirkSpy"  # first owner kept
    assert found.app("COM.SECOND.OWNER")
    assert found.app("com.familywatch.app").threat.kind is ThreatKind.WATCHWARE  # no `type`, in watchware.yaml
    assert found.ios_bundle("com.familywatch.ios")
    # samples.csv: rows name an app by an alias; unknown apps and bad hashes are skipped
    assert found.apk("aaaa000000000000000000000000000000000000000000000000000000000001").threat.name == "QuirkSpy"
    assert found.certificate("0ecd5fd80682776d804715ab5b8504daf59a4b54")
    assert not found.apk("bbbb000000000000000000000000000000000000000000000000000000000002")
    assert {t.name for t in found.threats} == {"QuirkSpy", "NoPackages", "SecondOwner", "NullLists", "FamilyWatch"}


def test_packaged_set_counts_and_kinds_apart():
    found = set_from_texts(packaged_texts(), version="v", source="s")
    counts = found.counts()
    assert counts["stalkerware"] == 147 and counts["watchware"] == 27
    assert counts["apk_sha256"] == 3228 and counts["packages"] > 600
    assert found.ip("72.167.46.196").threat.name == "MobiStealth"  # one of the real `ip:` entries
    assert found.app("com.life360.android.safetymapd").threat.kind is ThreatKind.WATCHWARE


def test_a_download_on_a_shared_site_is_matched_by_its_address_not_the_site():
    text = "- name: HostedSpy\n  distribution: [https://github.com/someone/hostedspy, dl.hostedspy.example]\n"
    found = set_from_texts({"ioc.yaml": text}, version="v", source="s")
    assert found.domain("github.com") is None and found.domain("api.github.com") is None
    assert found.url("https://github.com/someone/hostedspy").threat.name == "HostedSpy"
    assert found.domain("dl.hostedspy.example").indicator == "website"
    packaged = set_from_texts(packaged_texts(), version="v", source="s")
    assert packaged.domain("github.com") is None  # Buhsam and AndroRat are hosted there
    assert packaged.url("https://github.com/earthshakira/android_hack").threat.name == "Buhsam"


@pytest.mark.parametrize("text", ["", "just text", "{a: 1}", "- [unclosed", "[]"])
def test_yaml_that_is_not_a_list_of_entries(text):
    with pytest.raises(DamagedInput):
        set_from_texts({"ioc.yaml": text}, version="v", source="s")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_echap_parser_never_fails_other_than_plainly(text):
    try:
        parse_echap_yaml(text, "ioc.yaml")
    except DamagedInput as error:
        assert error.plain


def test_stix2_mvt_style_bundle():
    found = load_stix2(STIX / "mvt_style.stix2")
    assert found.app("com.example.stixspy").threat.name == "ExampleSpy"
    assert found.app("com.example.kidwatcher").threat.kind is ThreatKind.WATCHWARE
    assert found.certificate("0123456789abcdef0123456789abcdef01234567")
    assert found.file_hash("abcdef" + "0" * 58).indicator == "apk-sha256"  # file:hashes.'SHA-256'
    assert found.domain("deep.c2.stixspy.example")
    assert found.url("http://dl.stixspy.example/a.apk")
    assert found.ip("192.0.2.44")
    assert found.process("stixspyd")
    assert found.app("com.example.orphan").threat.name == "Indicators from mvt_style.stix2"
    assert not found.app("com.a")
    assert found.skipped and "2 indicators" in found.skipped[0]  # the AND pattern and the e-mail address


def test_stix2_report_refs_and_merge():
    found = load_stix2(STIX / "report_refs.stix2")
    assert found.domain("report.example").threat.name == "Campaign X"
    merged = load_indicators(extra=[STIX / "report_refs.stix2", STIX / "mvt_style.stix2"])
    assert merged.app("com.duiyun.cocospy") and merged.app("com.example.stixspy") and merged.domain("report.example")
    assert "mvt_style.stix2" in merged.version


@pytest.mark.parametrize("name", ["not_a_bundle.stix2", "truncated.stix2"])
def test_stix2_garbage_is_refused_plainly(name):
    with pytest.raises(DamagedInput, match="not a STIX2 bundle"):
        load_stix2(STIX / name)


def _beside_repository() -> Path:
    """The project's shared data beside the repository (CI lays it there too); from a git worktree,
    beside the repository the worktree belongs to."""
    root = Path(__file__).parents[3]
    candidates = [root.parent]
    marker = root / ".git"
    if marker.is_file():  # a worktree: ".git" names <main>/.git/worktrees/<name>
        gitdir = Path(marker.read_text(encoding="utf-8").partition("gitdir:")[2].strip())
        candidates.append(gitdir.parents[2].parent)
    tail = Path("shared") / "data" / "stalkerware-indicators" / "generated"
    return next((c / tail for c in candidates if (c / tail).is_dir()), candidates[0] / tail)


PUBLISHED = _beside_repository()


def test_stix2_published_echap_bundle():
    bundle = PUBLISHED / "stalkerware.2023-05-31.stix2"
    if not bundle.exists():
        pytest.skip(f"the shared Echap STIX2 copy is not beside this repository ({bundle})")
    found = load_stix2(bundle)
    assert found.counts()["apk_sha256"] == 2910 and found.app("com.topspy")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_stix2_parser_never_fails_other_than_plainly(text):
    try:
        parse_stix2('{"type": "bundle", "objects": [{"type": "indicator", "pattern": ' + repr(text).replace("'", '"') + "}]}",
                    name="x")
        parse_stix2(text, name="x")
    except DamagedInput as error:
        assert error.plain


# --- update -------------------------------------------------------------------------------------

CUT = 599  # a status that means: promise the whole body, send half of it, and hang up


class _Files(BaseHTTPRequestHandler):
    files: ClassVar[dict[str, tuple[int, bytes]]] = {}
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.asked.append(self.path)
        status, body = self.files.get(self.path.rsplit("/", 1)[-1], (404, b"Not Found"))
        self.send_response(200 if status == CUT else status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if status == 429:
            self.send_header("Retry-After", "0")
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if status == CUT else body)
        if status == CUT:
            self.wfile.flush()
            self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}/master"
    httpd.shutdown()
    httpd.server_close()


def serve(httpd, files):
    httpd.RequestHandlerClass.files = {k: (200, v) if isinstance(v, bytes) else v for k, v in files.items()}


def good_files():
    return {name: text.encode() for name, text in packaged_texts().items()}


def test_update_installs_and_keeps_the_previous_copy(server, tmp_path, monkeypatch):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, good_files())
    session = make_session(retries=0)
    first = update_indicators(session, url)
    assert (first.folder / "VERSION").is_file() and first.previous is None
    assert (first.folder / "LICENSE.txt").is_file()
    assert load_indicators().version == first.version
    second = update_indicators(session, url)
    assert second.previous == previous_folder() and (second.previous / "VERSION").is_file()


@pytest.mark.parametrize("damage", [
    {"ioc.yaml": b"<html><body>Rate limited</body></html>"},
    {"ioc.yaml": b"- name: OnlyOne\n  packages: [com.one]\n"},  # valid YAML, but a cut-down list
    {"ioc.yaml": b"\xff\xfe\x00garbage"},
    {"samples.csv": (500, b"oops")},
    {"watchware.yaml": (404, b"gone")},
])
def test_update_receiving_garbage_keeps_the_set_in_use(server, tmp_path, monkeypatch, damage):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, good_files())
    session = make_session(retries=0)
    installed = update_indicators(session, url)
    before = {p.name: p.read_bytes() for p in installed.folder.iterdir()}
    serve(httpd, {**good_files(), **damage})
    with pytest.raises(SourceError) as raised:
        update_indicators(session, url)
    assert "kept" in raised.value.plain or "nothing was changed" in raised.value.plain
    assert {p.name: p.read_bytes() for p in installed.folder.iterdir()} == before
    assert load_indicators().version == installed.version
    assert not any(p.name.startswith("indicators.new") for p in tmp_path.iterdir())


def test_update_refuses_plain_http_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    with pytest.raises(SourceError, match="secure"):
        update_indicators(make_session(retries=0), "http://indicators.example/master")


def test_damaged_update_folder_falls_back_to_the_packaged_set(tmp_path, monkeypatch):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    folder = tmp_path / "indicators"
    folder.mkdir()
    (folder / "VERSION").write_text("broken")
    (folder / "ioc.yaml").write_text("::: not yaml [")
    assert load_indicators().source == "packaged with cybercheck"


def test_cli_info_and_update(server, tmp_path, monkeypatch):
    from cybercheck.cli.indicators import indicators

    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    shown = runner.invoke(indicators, ["info", "--iocs", str(STIX / "mvt_style.stix2")])
    assert shown.exit_code == 0, shown.output
    assert "sold for secret spying (stalkerware)" in shown.output and "CC-BY 4.0" in shown.output
    assert "Updated copy: none yet" in shown.output and "Note: 2 indicators" in shown.output
    httpd, url = server
    serve(httpd, {**good_files(), **companions()})
    monkeypatch.setenv("CYBERCHECK_ENDPOINT_ISDI", f"{url}/isdi/app-flags.csv")  # never the internet
    done = runner.invoke(indicators, ["update", "--endpoint", url])
    assert done.exit_code == 0, done.output
    assert "Installed: echap master" in done.output
    assert "isdi-app-flags.csv: downloaded" in done.output and "rules.yar: downloaded" in done.output
    serve(httpd, {**good_files(), "ioc.yaml": b"garbage: [", })
    failed = runner.invoke(indicators, ["update"], env={"CYBERCHECK_ENDPOINT_INDICATORS": url})
    assert failed.exit_code == 3 and "kept" in failed.output
    assert "Updated copy:" in runner.invoke(indicators, ["info"]).output


def test_cli_update_that_cannot_connect_says_the_list_in_use_was_kept(tmp_path, monkeypatch):
    from cybercheck.cli.indicators import indicators

    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    failed = CliRunner().invoke(indicators, ["update", "--endpoint", "http://127.0.0.1:9"])
    assert failed.exit_code == 3 and "could not reach" in failed.output and "in use was kept" in failed.output

# --- companions: ISDi's app flags and Echap's YARA rules, fetched beside the set ----------------

def shipped(name: str) -> bytes:
    return resources.files("checks.android").joinpath("data", name).read_bytes()


def echap_bundle(drop: int = 0) -> bytes:
    """A STIX2 bundle in the shape Echap's generator writes (see the shared 2023 copy): a `malware`
    object per app, one `indicator` per value, joined by an `indicates` relationship."""
    import json

    objects: list[dict] = []
    for number, (threat, values) in enumerate(parse_echap_yaml(packaged_texts()["ioc.yaml"], "ioc.yaml")):
        malware = f"malware--{number:08d}-0000-4000-8000-000000000000"
        objects.append({"type": "malware", "spec_version": "2.1", "id": malware, "name": threat.name,
                        "description": "Stalkerware applications", "is_family": False})
        patterns = [f"[app:id='{p}']" for p in values["packages"]]
        patterns += [f"[domain-name:value='{d}']" for d in values["domains"] + values["websites"]]
        patterns += [f"[app:cert.sha1='{c}']" for c in values["certificates"]]
        for index, pattern in enumerate(patterns):
            indicator = f"indicator--{number:08d}-{index:04d}-4000-8000-000000000000"
            objects.append({"type": "indicator", "spec_version": "2.1", "id": indicator, "pattern": pattern,
                            "pattern_type": "stix", "indicator_types": ["malicious-activity"]})
            objects.append({"type": "relationship", "spec_version": "2.1", "relationship_type": "indicates",
                            "id": f"relationship--{number:08d}-{index:04d}", "source_ref": indicator,
                            "target_ref": malware})
    objects += [{"type": "indicator", "id": f"indicator--extra-{n}", "pattern": f"[domain-name:value='c2-{n}.stixonly.example']"}
                for n in range(1200)]
    kept = objects[: len(objects) - drop] if drop else objects
    return json.dumps({"type": "bundle", "id": "bundle--test", "objects": kept}).encode()


def companions() -> dict[str, bytes]:
    return {"app-flags.csv": shipped("isdi-app-flags.csv"), "rules.yar": shipped("echap-rules.yar"),
            "stalkerware.stix2": echap_bundle()}


def update(url: str):
    return update_indicators(make_session(retries=0), url, isdi_url=f"{url}/isdi/app-flags.csv")


def test_update_fetches_the_app_flags_and_rules_with_their_licences(server, tmp_path, monkeypatch):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, {**good_files(), **companions()})
    result = update(url)
    assert set(result.companions) == {"isdi-app-flags.csv", "rules.yar", "stalkerware.stix2"}
    assert all(v.startswith("downloaded ") for v in result.companions.values())
    path, version = companion_file("isdi-app-flags.csv")
    assert path.read_bytes() == shipped("isdi-app-flags.csv") and "app-flags.csv" in version
    assert "MIT licence" in (result.folder / "SOURCE.md").read_text()

    from checks.android.dualuse import load_flags

    flags = load_flags()
    assert flags.version.startswith("ISDi app-flags, downloaded") and flags.get("com.isharing.isharing")


def test_a_cut_short_companion_keeps_the_copy_in_use(server, tmp_path, monkeypatch):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, {**good_files(), **companions()})
    first = update(url)
    serve(httpd, {**good_files(), "app-flags.csv": b"appId,store,flag,title\ncom.one,playstore,dual-use,One\n",
                  "rules.yar": (404, b"gone")})
    second = update(url)
    assert second.companions["isdi-app-flags.csv"].startswith("not updated (isdi-app-flags.csv has 2 lines")
    assert first.companions["isdi-app-flags.csv"] in second.companions["isdi-app-flags.csv"]
    assert companion_file("isdi-app-flags.csv")[0].read_bytes() == shipped("isdi-app-flags.csv")
    assert companion_file("rules.yar") is not None


def test_without_companions_the_shipped_copies_are_used(server, tmp_path, monkeypatch):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, good_files())
    result = update(url)
    packaged = {k: v for k, v in result.companions.items() if k != "stalkerware.stix2"}
    assert all(v.endswith("the copy packaged with cybercheck is used") for v in packaged.values())
    assert result.companions["stalkerware.stix2"].endswith("none is in use until a download succeeds")
    assert companion_file("isdi-app-flags.csv") is None

    from checks.android.dualuse import bundled_flags, load_flags

    assert load_flags() is bundled_flags()


@pytest.mark.parametrize("name", ["isdi-app-flags.csv", "rules.yar"])
def test_no_update_means_no_companion(tmp_path, monkeypatch, name):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    assert companion_file(name) is None


# --- Echap's STIX2 bundle, the file MVT users give to --iocs, fetched beside the set -----------

def test_update_fetches_echaps_stix2_bundle_and_a_report_names_its_version(server, tmp_path, monkeypatch):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, {**good_files(), **companions()})
    result = update(url)
    assert result.companions["stalkerware.stix2"].startswith("downloaded ")
    assert any(p.endswith("/master/generated/stalkerware.stix2") for p in httpd.RequestHandlerClass.asked)
    source = (result.folder / "SOURCE.md").read_text()
    assert "stalkerware.stix2: Echap's stalkerware indicators as a STIX2 bundle" in source and "CC-BY 4.0" in source
    merged = load_indicators()
    assert merged.version.startswith(result.version + " + stalkerware.stix2 downloaded ")
    assert "sha256" in merged.version and "http" not in merged.version
    assert merged.domain("c2-7.stixonly.example")  # in the bundle only
    echap_only = set_from_texts(packaged_texts(), version="x", source="y")
    # the same apps are not counted twice; the bundle's indicators that name no app make one more entry
    assert merged.counts()["stalkerware"] == echap_only.counts()["stalkerware"] + 1
    assert merged.counts()["ios_bundles"] == echap_only.counts()["ios_bundles"]  # app:id is not an iPhone id

    from cybercheck.testing import make_env

    env = make_env(offline=True)
    assert env.indicators.version == merged.version  # what a report's "Indicator set" line says


@pytest.mark.parametrize("answer", [
    (429, b"Too Many Requests"),
    (200, b"<html>Rate limited</html>"),
    (CUT, None),
    (200, b'{"type": "bundle", "objects": []}'),
    (200, None),  # a valid bundle far smaller than the one in use
])
def test_a_bad_stix2_answer_keeps_the_bundle_in_use_and_says_so(server, tmp_path, monkeypatch, answer):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, {**good_files(), **companions()})
    first = update(url)
    kept = (first.folder / "stalkerware.stix2").read_bytes()
    status, body = answer
    if body is None:
        body = echap_bundle() if status == CUT else echap_bundle(drop=len(json_objects(echap_bundle())) * 3 // 4)
    serve(httpd, {**good_files(), **companions(), "stalkerware.stix2": (status, body)})
    second = update(url)  # the Echap files themselves were fine, so the set is updated
    said = second.companions["stalkerware.stix2"]
    assert said.startswith("not updated (") and f"kept: {first.companions['stalkerware.stix2']}" in said
    assert (second.folder / "stalkerware.stix2").read_bytes() == kept
    assert "stalkerware.stix2 downloaded" in load_indicators().version


def json_objects(data: bytes) -> list:
    import json

    return json.loads(data)["objects"]


@pytest.mark.parametrize("name", ["ioc.yaml", "samples.csv"])
@pytest.mark.parametrize("status", [429, CUT])
def test_a_rate_limited_or_cut_off_echap_file_keeps_the_whole_set_in_use(server, tmp_path, monkeypatch, name, status):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, {**good_files(), **companions()})
    installed = update(url)
    before = {p.name: p.read_bytes() for p in installed.folder.iterdir()}
    serve(httpd, {**good_files(), **companions(), name: (status, good_files()[name])})
    with pytest.raises(SourceError) as raised:
        update(url)
    assert "kept" in raised.value.plain or "nothing was changed" in raised.value.plain
    assert {p.name: p.read_bytes() for p in installed.folder.iterdir()} == before
    assert load_indicators().version.startswith(installed.version)


def test_a_damaged_stix2_copy_is_noted_and_the_rest_of_the_set_used(server, tmp_path, monkeypatch):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, {**good_files(), **companions()})
    result = update(url)
    (result.folder / "stalkerware.stix2").write_bytes(b'{"type": "bundle", "obj')
    found = load_indicators()
    assert found.version == result.version and found.app("com.topspy")
    assert any("stalkerware.stix2 could not be read" in note for note in found.skipped)


def test_loading_indicators_never_goes_online(server, tmp_path, monkeypatch):
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, {**good_files(), **companions()})
    update(url)
    httpd.RequestHandlerClass.asked.clear()
    load_indicators()
    assert httpd.RequestHandlerClass.asked == []


def test_the_published_echap_bundle_installs_through_an_update(server, tmp_path, monkeypatch):
    bundle = PUBLISHED / "stalkerware.2023-05-31.stix2"
    if not bundle.exists():
        pytest.skip(f"the shared Echap STIX2 copy is not beside this repository ({bundle})")
    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, {**good_files(), **companions(), "stalkerware.stix2": bundle.read_bytes()})
    result = update(url)
    assert result.companions["stalkerware.stix2"].startswith("downloaded ")
    merged = load_indicators()
    assert merged.app("com.topspy") and merged.counts()["apk_sha256"] >= 3228


def test_cli_info_names_every_source_with_its_licence_and_version(server, tmp_path, monkeypatch):
    from cybercheck.cli.indicators import indicators

    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    before = runner.invoke(indicators, ["info"]).output
    assert "stalkerware.stix2: not downloaded yet" in before and "isdi-app-flags.csv: the copy packaged" in before
    assert "MIT licence" in before and before.count("CC-BY 4.0") >= 3
    httpd, url = server
    serve(httpd, {**good_files(), **companions()})
    update(url)
    after = runner.invoke(indicators, ["info"]).output
    assert "stalkerware.stix2: downloaded " in after and "Indicator list in use: echap master, downloaded" in after
    assert "+ stalkerware.stix2 downloaded" in after


def test_the_errors_that_say_the_list_was_kept_do() -> None:
    from cybercheck.pipeline.words import area_words

    templates = area_words("cybercheck")["text"]
    for key in SAYS_KEPT:
        words = templates[key.removeprefix("cybercheck.")]
        assert "kept" in words or "nothing was changed" in words, key


def test_cli_update_from_a_busy_server_says_once_that_the_list_in_use_was_kept(server, tmp_path, monkeypatch):
    """"kept refusing our requests" is not "the list in use was kept": the command says the latter."""
    from cybercheck.cli.indicators import indicators

    monkeypatch.setenv("CYBERCHECK_DATA_DIR", str(tmp_path))
    httpd, url = server
    serve(httpd, {**good_files(), "samples.csv": (500, b"oops")})
    failed = CliRunner().invoke(indicators, ["update", "--endpoint", url])
    assert failed.exit_code == 3 and "kept refusing" in failed.output
    assert failed.output.count("The indicator list in use was kept.") == 1
