"""Study tools built on the course: grading answers typed by the learner."""
