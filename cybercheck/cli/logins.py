"""Sign-in flows for `cybercheck login NAME` that need more than a typed secret.

Each is "module:function"; the function takes (RunEnv, say) and returns the Secret to store.
Names not listed here are stored from a hidden prompt.
"""

LOGINS: dict[str, str] = {
    "gmail": "checks.mail.google_oauth:login",
    "outlook": "checks.mail.microsoft_login:login",
}
