"""Channels: thin adapters between a platform and bot.assistant."""
