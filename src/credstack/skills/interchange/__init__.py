"""Reading and writing frameworks in other formats: 1EdTech CASE 1.0 JSON and CSV.

Both importers turn a file into a list of :class:`~.plan.PlannedItem` and share one validator
and one writer (:mod:`.plan`), so the hierarchy rules hold however the items arrive.
"""
