"""Password checks: breached passwords (Pwned Passwords), reused and weak ones, breached email addresses."""
