"""The front end: source text to tokens (``tokenizer``) and to an ``ast`` tree (``parser``)."""
