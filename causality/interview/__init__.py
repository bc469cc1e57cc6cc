"""The interactive assessment: questions as data, one engine loop, drafts saved after every answer."""
