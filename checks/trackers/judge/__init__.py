"""How the trackers area judges a sweep: recognise, link, following, findings."""
