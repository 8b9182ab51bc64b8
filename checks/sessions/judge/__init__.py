"""Provider-neutral judgements of sign-ins and sessions, sign-in methods and connected apps."""
