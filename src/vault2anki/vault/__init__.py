"""Stage 1, the vault. Takes a folder; gives the walked `Vault` (every note and file in it,
sorted, nothing outside it, dot-folders and excluded notes left out, Obsidian's link
resolution), each note read as a `NoteFile` (decoded, frontmatter split off), the names its
media take inside a package, the line scanner every later stage asks which lines are code,
math, comments or prose, and which notes a run saw in full (`Sources`)."""
