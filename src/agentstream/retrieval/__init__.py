"""Document retrieval: chunking and BM25 search with citations."""
