"""What the Correlates of War v2024 files share: one BibTeX entry for the list and its majors file."""

CITATION_2024 = """@misc{cow_states_2024,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2024},
  year = {2024},
  howpublished = {\\url{https://correlatesofwar.org/data-sets/state-system-membership/}}
}"""
