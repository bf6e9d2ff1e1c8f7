from policyapp.templatetags.labels import label_tail


def test_label_tail_is_the_last_step_of_the_path():
    assert label_tail("I › Encourage Open-Source and Open-Weight AI › •3") == "•3"
    assert label_tail("二 › （十一） › 2") == "2"
    assert label_tail("Introduction") == "Introduction"
