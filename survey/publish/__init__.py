"""Putting a built site in place: the atomic swap, the markup backstop, a project for Zensical."""
