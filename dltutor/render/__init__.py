"""Rich renderers for the command line: course text, tables, glossary entries, paging."""
