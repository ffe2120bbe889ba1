"""The assessment app's pages: learners hand in work, assessors judge it, staff see triggers."""
