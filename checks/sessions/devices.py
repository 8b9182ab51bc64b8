"""Short, stable names for devices from user-agent strings ("Chrome on Windows", "Gmail app on iOS").

Version numbers are left out on purpose: a browser update is not a new device.
"""

from __future__ import annotations

import re
from functools import lru_cache

_GOOGLE_FIELD = re.compile(r"(App|Os|Device Type|Device Model)\s*:\s*([^.]+?)\s*\.(?=\s|$)")
_GOOGLE_OS = {
    "IOS_OS": "iOS", "ANDROID_OS": "Android", "MAC_OS": "macOS", "WINDOWS_OS": "Windows",
    "LINUX_OS": "Linux", "CHROME_OS": "ChromeOS", "OTHER_OS": "another system",
}
_GOOGLE_APP = {
    "APPLE_NATIVE_APP": "Apple's own app (Mail, Calendar or Contacts)", "OTHER_APP": "another app",
    "GMAIL_APP": "Gmail app", "YOUTUBE_APP": "YouTube app", "GOOGLE_APP": "Google app",
    "CHROME": "Chrome", "MICROSOFT_OUTLOOK": "Outlook app", "THUNDERBIRD": "Thunderbird",
}
_ANDROID_MODEL = re.compile(r"Android [\d.]+; (?:[a-z]{2}[-_][A-Za-z]{2}; )?([^;)]+?)(?: Build/[^;)]*)?[;)]")
_APPS = (
    ("FBAN/FBIOS", "Facebook app"), ("FB_IAB", "Facebook app"), ("FBAN/", "Facebook app"),
    ("Instagram ", "Instagram app"), ("Barcelona ", "Threads app"), ("TwitterAndroid", "X app"),
    ("Twitter for", "X app"), ("Messenger", "Messenger app"),
)
_BROWSERS = (
    ("Edg", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser", "Samsung Internet"), ("FxiOS", "Firefox"),
    ("Firefox/", "Firefox"), ("CriOS", "Chrome"), ("Chrome/", "Chrome"), ("Safari/", "Safari"),
)


@lru_cache(maxsize=65536)
def device_label(raw: str) -> str:
    """A short name a person can recognise for the device or app behind `raw`; "" when there is none."""
    text = " ".join(raw.split())
    if not text:
        return ""
    if "App :" in text or "Os :" in text:
        return _google_label(text)
    if "Mozilla/" in text or "AppleWebKit" in text or "Dalvik/" in text:
        return _browser_label(text)
    app = next((name for marker, name in _APPS if text.startswith(marker)), "")
    if app:
        return _app_label(app, text)
    return re.sub(r"[\s/]*v?\d+(\.\d+)+\b", "", text)[:80].strip(" ;,") or text[:80]


def _app_label(app: str, text: str) -> str:
    """ "Instagram 300.0 Android (33/13; 420dpi; 1080x2340; samsung; SM-G991B; ...)" -> "Instagram app on Android (SM-G991B)"."""
    if "Android" in text:
        inside = text.split("(", 1)[-1].split(";")
        model = inside[4].strip() if len(inside) > 5 else ""
        return f"{app} on Android ({model})" if model else f"{app} on Android"
    if "iPad" in text:
        return f"{app} on iPad"
    if "iPhone" in text or "iOS" in text:
        return f"{app} on iPhone"
    return app


def _google_label(text: str) -> str:
    fields = {key: value.strip() for key, value in _GOOGLE_FIELD.findall(text + " ")}
    app_id = fields.get("App", "")
    app = _GOOGLE_APP.get(app_id) or (app_id.replace("_APP", "").replace("_", " ").title() + " app" if app_id else "")
    system = _GOOGLE_OS.get(fields.get("Os", ""), fields.get("Os", "").replace("_OS", "").title())
    model = fields.get("Device Model", "")
    parts = [app or "an app"]
    if system:
        parts.append(f"on {system}")
    if model:
        parts.append(f"({model})")
    return " ".join(parts)


def _system(text: str) -> str:
    if "iPhone" in text:
        return "iPhone"
    if "iPad" in text:
        return "iPad"
    if "Android" in text:
        found = _ANDROID_MODEL.search(text)
        model = found.group(1).strip() if found else ""
        return f"Android ({model})" if model and model.upper() != "K" else "Android"
    if "Windows" in text:
        return "Windows"
    if "CrOS" in text:
        return "ChromeOS"
    if "Macintosh" in text or "Mac OS X" in text:
        return "Mac"
    if "Linux" in text or "X11" in text:
        return "Linux"
    return ""


def _browser_label(text: str) -> str:
    system = _system(text)
    program = next((name for marker, name in _APPS if marker in text), "")
    if not program:
        program = next((name for marker, name in _BROWSERS if marker in text), "a browser")
        if program == "Safari" and system == "Android":
            program = "Android browser"
    return f"{program} on {system}" if system else program


def matches(pattern: str, *texts: str) -> bool:
    """Whether every word of `pattern` appears in one of `texts` (case-insensitive)."""
    words = pattern.lower().split()
    if not words:
        return False
    hay = " ".join(texts).lower()
    return all(word in hay for word in words)
