"""The country directory: helplines and sourced facts per country, from helplines/<CC>.yml.

- model: what a country, a helpline and a fact are (every field defined once)
- phones: parsing, writing, dialling and finding phone numbers
- registry: which directory the assistant answers from (database, else the files)
- selection: which lines fit a person's need, language and the hour
- rendering: a line or a fact written in the reader's language, with its source
- store: the directory in SQL; check: the rules for the files; cli: the NGO's commands
"""

from bot.directory.registry import countries_with_data, country, directory, eu_wide, install

__all__ = ["country", "countries_with_data", "directory", "eu_wide", "install"]
