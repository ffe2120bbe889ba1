"""The catalog's pages: the public catalogue, the design workspace and the structure tools."""
