"""The adaptation-speed report's tasks sit on the canvas each sample names."""
from solver.puzzles import arc
from training.recipes.arc_adapt_speed import task_for


def test_each_sample_task_has_the_canvas_it_is_timed_for():
    for side in (10, 14, 18, 22, 26, 30):
        assert arc.task_canvas(task_for(side)) == side
