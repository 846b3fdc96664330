"""Stream tokens over HTTP: minting one for a stream the caller owns."""
