"""Custom Rasa NLU components: normalisation, country and language names, the danger guard."""
