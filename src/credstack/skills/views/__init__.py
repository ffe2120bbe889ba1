"""The skills app's pages: staff pages to curate frameworks and alignments, public pages."""
