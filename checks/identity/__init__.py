"""Checks for sites and profiles that pretend to be the person."""
