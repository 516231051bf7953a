"""The pass@2 report: search alone, network alone, and both as the solve path combines them (a test input
with a program is the search's, one without is the network's)."""
from training.recipes.arc_pass2_report import markdown, summary


def test_both_takes_the_program_where_there_is_one_and_the_network_elsewhere():
    searched = {"a": {"tests": [{"right": True, "found": 1, "seconds": 6.0}]},
                "b": {"tests": [{"right": False, "found": 2, "seconds": 3.0},    # a wrong program answers
                                {"right": False, "found": 0, "seconds": 3.0}]},
                "c": {"tests": [{"right": False, "found": 0, "seconds": 6.0}]}}
    networked = {"a": {"points": {"50": {"right": [False], "minutes": 1.0}}},
                 "b": {"points": {"50": {"right": [True, True], "minutes": 2.0}}},
                 "c": {"points": {"50": {"right": [True], "minutes": 3.0}}}}
    s = summary(["a", "b", "c"], searched, networked)
    assert s["search"]["right"] == 1 and s["search"]["pass2_tasks"] == round(1 / 3, 4)
    net = s["network, 50 adaptation steps"]
    assert net["right"] == 3 and net["pass2_tasks"] == round(2 / 3, 4) and net["minutes_per_task_mean"] == 2.0
    both = s["both, 50 adaptation steps"]
    # a: the program; b: the wrong program, then the network's answer for the test without one; c: network
    assert both["right"] == 3 and both["pass2_tasks"] == round((1 + 0.5 + 1) / 3, 4)
    # a needs no network; b and c do
    assert both["minutes_per_task_mean"] == round((0.1 + (0.1 + 2.0) + (0.1 + 3.0)) / 3, 3)
    assert "| set | both, 50 adaptation steps | 3 | 4 | 83.3% | 3 |" in markdown({"set": {"configurations": s}})
