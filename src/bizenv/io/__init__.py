"""The output documents: what evaluations give to programs and files (JSON, JSON Lines, CSV, Parquet), with
their published schemas. The profile file format is :mod:`bizenv.profile_file`, below the evaluators."""
