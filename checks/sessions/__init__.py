"""Sessions and sign-ins: who else is signed in to an account, from where and on what."""
