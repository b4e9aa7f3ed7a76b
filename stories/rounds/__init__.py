"""Most significant change: selection rounds, the stories a panel chooses from, its choices.

A round has a panel area (an organisation's team; a place's teams and commissioners; or the
whole network) and, within it, a named panel. The panel reads the stories of changes that
happened in a period and picks, for each of the model's outcome domains (5a short-term
outcomes ... 6b wider impacts), the one that matters most, saying why. Everyone in the area
may read the round (selectors.rounds_visible_to); only the panel chooses, and only the
round's convenor (who started it) closes it, reopens it with a reason and names the panel.
The candidates are built so that everyone in the area may read each of them: an
organisation's own stories for its team, and otherwise only stories whose consent reaches
the network.

Once a round is closed its choices stay as they are, and those whose story is on the
website as a case study appear on the model's public element pages (panels.element_panel).
"""
