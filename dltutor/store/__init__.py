"""The learner's progress in one SQLite file: card state, the review log, quiz attempts, essay drafts.

`db` opens (or safely creates) the file and refuses a damaged or newer one without touching it;
`migrations` owns the schema; `progress` turns rows into the study layer's dataclasses and back.
Nothing here imports a front end.
"""
