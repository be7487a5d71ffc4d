"""Buddies (maatjes): volunteers with their certificate of conduct (VOG), requests from
residents, matches and the meetings of a match."""
