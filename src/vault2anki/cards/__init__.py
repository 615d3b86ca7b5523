"""Stage 2, cards. Takes a `NoteFile`; gives its `CardSource`s: the layout that fits (answer
headings, bilingual sections, Spaced Repetition syntax, frontmatter), each question with its
answer Markdown, tags and deck, the hints about cards a user likely meant, and, once rendered,
each card's identity (`identity.identify`: GUID, fingerprints, content digest)."""
