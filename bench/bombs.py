"""Decompression bombs and a huge text against the browser import, under gunicorn (issue 8).

    .venv/bin/python bench/bombs.py [--workers 2] [--keep]

Builds two .docx bombs (about 77 KB and 459 KB, whose document.xml unpacks to 50 MB and
450 MB), a 60 MB text file, a PDF whose page unpacks to 100 MB and one whose single page
holds 19 MB of text operators, starts gunicorn with 2 workers on a fresh SQLite database in
a temporary folder, logs in as a planning lead and posts each file to /redigera/import/.
For each it reports the HTTP status, the time, whether the page says why it was refused,
and each worker's resident memory (VmRSS) and peak (VmHWM) from /proc; then that a normal
page still answers, that a real .docx still imports, that no worker was killed or
restarted, and the same bombs through `manage.py import_minutes --dry-run`.

Target: each refused in under 2 s, no worker killed, every worker well under 200 MB.
"""

import argparse
import html
import http.cookiejar
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
TARGET_SECONDS = 2.0
TARGET_RSS_MB = 200

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MINUTES = "Närvarande\nAnna Svensson, Ale\nBo Berg, Lerum\n\n1. Inledning\nMötet öppnas.\n"


def docx_bomb(unpacked_mb: int, padding_kb: int = 0) -> bytes:
    """A .docx whose one paragraph is unpacked_mb MB of one letter (deflate packs ~1000:1).

    padding_kb of random bytes in a picture part stand for a real template's other parts.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<w:document xmlns:w="' + W + b'"><w:body><w:p><w:r><w:t>')
            chunk = b"A" * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(chunk)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
        if padding_kb:
            archive.writestr("word/media/image1.png", os.urandom(padding_kb * 1024))
    return buffer.getvalue()


def pdf(content: bytes, compress: bool = True) -> bytes:
    """A one-page PDF whose page content is `content` (packed with zlib)."""
    stream = zlib.compress(content, 9) if compress else content
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" * compress)
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def real_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in MINUTES.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer to report, not a page to fetch


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path: str, data: bytes | None = None, content_type: str = ""):
        request = urllib.request.Request(self.base + path, data=data)
        if data is not None:
            request.add_header("Content-Type", content_type)
            request.add_header("Referer", self.base + path)
            request.add_header("X-CSRFToken", self.csrf())
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, body = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            status, body = 0, str(error)
        return status, body, time.perf_counter() - started

    def login(self, username: str, password: str) -> None:
        self.request("/logga-in/")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()}
        ).encode()
        status, _, _ = self.request("/logga-in/", form, "application/x-www-form-urlencoded")
        if status != 302:
            raise SystemExit(f"login failed ({status})")


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def memory(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in MB: resident now and the peak since the process started."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) // 1024
    return values["VmRSS"], values["VmHWM"]


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup(env: dict) -> None:
    result = manage(env, "migrate", "--noinput")
    if result.returncode:
        raise SystemExit(result.stderr)
    script = (
        "from django.contrib.auth.models import Group, User\n"
        "from network.models import Network\n"
        "user = User.objects.create_user('planering', password='pw-planering-123')\n"
        "user.groups.add(Group.objects.get(name='Planeringsledare'))\n"
        "Network.objects.create(name='Socialchefsnätverket', slug='socialchefer')\n"
    )
    result = manage(env, "shell", "-c", script)
    if result.returncode:
        raise SystemExit(result.stderr)


def refusal(body: str) -> str:
    """The reason the page gives for refusing the file, if it gives one."""
    match = re.search(r"(?:Filen är|Filtypen|Texten är|Word-filen|PDF-filen)[^<]*", body)
    return html.unescape(" ".join(match.group(0).split())) if match else ""


def run_measured(env: dict, *args: str) -> tuple[int, float, int, str]:
    """A manage.py command in its own process: (exit code, seconds, peak RSS in MB, stderr).

    GNU time reports the peak: this script's own size would leak into os.wait4's figure,
    as a child's high-water mark starts from its parent's at fork.
    """
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "peak %M", str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - started
    lines = result.stderr.strip().splitlines()
    peak = int(lines.pop().split()[-1]) // 1024 if lines and lines[-1].startswith("peak") else -1
    return (
        result.returncode,
        seconds,
        peak,
        "\n".join(line for line in lines if "exited" not in line),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bombs-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEBUG": "1",
        "MEDIA_ROOT": str(folder / "media"),
    }
    print(f"Building files and a database in {folder} ...")
    files = [
        ("bomb-77k.docx", docx_bomb(50, padding_kb=27)),
        ("bomb-459k.docx", docx_bomb(450, padding_kb=21)),
        ("stor.txt", (MINUTES * (60 * 1024 * 1024 // len(MINUTES.encode()) + 1)).encode()),
        ("packad.pdf", pdf(b" " * (100 * 1024 * 1024))),  # a stream unpacking to 100 MB
        (
            "sida.pdf",
            pdf(
                b"BT /F1 11 Tf 14 TL 50 800 Td " + b"(Anna Svensson, Ale) Tj T* " * 700_000 + b"ET"
            ),
        ),
    ]
    for name, data in files:
        (folder / name).write_bytes(data)
    setup(env)

    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "config.wsgi",
            "--workers",
            str(options.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
            "--log-level",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    failures = []
    try:
        client = Client(f"http://127.0.0.1:{port}")
        for _ in range(100):
            try:
                client.request("/logga-in/")
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)  # every worker booted
        client.login("planering", "pw-planering-123")
        booted = workers(server.pid)
        sizes = ", ".join(f"{rss} MB" for rss, _ in map(memory, booted))
        print(f"gunicorn {server.pid}, workers {booted}: {sizes}")
        print()
        print(f"{'file':<16} {'size':>9} {'status':>6} {'time':>7}  worker MB now/peak  message")
        form = client.request("/redigera/import/")[1]
        network = re.search(r'name="network"[^>]*>\s*<option value="(\d+)"', form)
        fields = {"network": network.group(1) if network else "1"}
        for name, data in [*files, ("riktig.docx", real_docx())]:
            body, content_type = multipart(fields, name, data)
            status, page, seconds = client.request("/redigera/import/", body, content_type)
            sizes = ", ".join(f"{rss}/{peak}" for rss, peak in map(memory, workers(server.pid)))
            message = refusal(page) if status == 200 else f"-> {status}, to the review"
            print(
                f"{name:<16} {len(data) / 1024:>6.0f} KB {status:>6} {seconds:>6.2f}s  "
                f"{sizes:<18}  {message}"
            )
            if name != "riktig.docx" and (status != 200 or seconds > TARGET_SECONDS):
                failures.append(f"{name}: {status} in {seconds:.2f} s")
        status, _, seconds = client.request("/")
        print(f"\nGET / afterwards: {status} in {seconds * 1000:.0f} ms")
        if status != 200:
            failures.append(f"GET / answered {status}")
        after = workers(server.pid)
        peaks = [memory(pid)[1] for pid in after]
        print(f"workers before {booted}, after {after}; peak RSS {peaks} MB")
        if after != booted:
            failures.append("a worker was replaced")
        if max(peaks) >= TARGET_RSS_MB:
            failures.append(f"a worker reached {max(peaks)} MB")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    log_lines = (folder / "gunicorn.log").read_text().splitlines()
    killed = [line for line in log_lines if "WORKER TIMEOUT" in line or "SIGKILL" in line]
    boots = sum("Booting worker" in line for line in log_lines)
    if boots != options.workers:
        failures.append(f"{boots} workers booted for {options.workers}")
    print(f"gunicorn log: {boots} workers booted, {len(killed)} timed out or killed")
    failures.extend(killed)

    print("\nimport_minutes --dry-run, one process per file (Django's own start included):")
    code, seconds, peak, _ = run_measured(env, "check")
    print(f"  {'(manage.py check)':<16} exit {code} in {seconds:.2f}s, peak {peak} MB")
    for name, _ in files:
        path = str(folder / name)
        code, seconds, peak, stderr = run_measured(env, "import_minutes", path, "--dry-run")
        reason = stderr.strip().splitlines()[0].split(": ", 1)[-1] if stderr.strip() else ""
        print(f"  {name:<16} exit {code} in {seconds:.2f}s, peak {peak} MB: {reason}")
        if peak >= TARGET_RSS_MB:
            failures.append(f"import_minutes {name}: {peak} MB")
    if options.keep:
        print(f"\nkept {folder}")
    else:
        shutil.rmtree(folder)
    if failures:
        print("\nFAILED: " + "; ".join(failures))
        sys.exit(1)
    print(
        f"\nOK: each refused in under {TARGET_SECONDS:.0f} s, no worker killed, "
        f"every worker under {TARGET_RSS_MB} MB."
    )


if __name__ == "__main__":
    main()
