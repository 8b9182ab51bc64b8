"""Provider-neutral judgements of mail records: the only place a mail finding is made."""
