"""Python threads on one catalog: the long calls release the GIL (queries, facets, analyses,
reports), and loads into the same catalog wait for them (each catalog has a readers-writer
lock in the binding). Every thread must see exactly what one thread sees, and loads that run
meanwhile must neither crash nor disturb them."""
import threading

import sharitories

EXPRS = ["", "category:fablab,third_place", "tag:cget-2019 -category:coworking",
         "in:fr-reg-11 OR in:fr-reg-84", "\"tiers lieu\" OR fablab", "in:fr-dep-2A OR in:fr-dep-58"]


def snapshot(cat):
    out = []
    for e in EXPRS:
        r = cat.query(e, sort="name")
        out.append((e, cat.count(e), r.ids(), r.facets(by="department"),
                    r.crosstab(rows="region", cols="family").values.tolist()))
    return out


def run_threads(n, target):
    errors = []

    def wrapped(i):
        try:
            target(i)
        except BaseException as exc:  # reported below, with the thread's number
            errors.append((i, repr(exc)))

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_threads_query_one_catalog(default):
    expected = snapshot(default)
    seen = [None] * 6

    def work(i):
        for _ in range(3):
            got = snapshot(default)
            assert got == expected
        seen[i] = True

    run_threads(6, work)
    assert all(seen)


def test_analyses_and_reports_in_threads(default):
    lorient = default.inspire("fr-com-56121")
    page = default.report("fr-com-56121", lang="en")

    def work(i):
        for _ in range(2):
            assert default.report("fr-com-56121", lang="en") == page
            again = default.inspire("fr-com-56121")
            assert again.to_dataframe().equals(lorient.to_dataframe())

    run_threads(4, work)


def test_loads_wait_for_queries():
    """One thread loads new practices again and again while others query: each query sees the
    catalog before or after a load, never in between, and nothing is lost."""
    cat = sharitories.Catalog.default()
    base = cat.count("")
    base_found = cat.count("\"atelier partage\"")
    loads = 40
    stop = threading.Event()

    def loader(_):
        for k in range(loads):
            cat.load_string("sharitories: 1\npractices:\n"
                            "  - {id: thread-%d, name: \"Atelier %d\", category: fablab, "
                            "territories: [fr-com-56121], description: \"atelier partagé %d\"}\n"
                            % (k, k, k), name="thread-%d.yaml" % k)
        stop.set()

    def reader(_):
        last = base
        while not stop.is_set():
            before = cat.count("")
            found = cat.count("\"atelier partage\"") - base_found  # one per load done so far
            after = cat.count("")
            assert last <= before <= after <= base + loads
            assert before - base <= found <= after - base
            last = after
            # long reads over the whole index: they overlap the loads' index rebuilds
            everything = cat.query("")
            assert len(everything) >= before
            assert sum(everything.facets(by="family").values()) == len(everything)
            cat.count("fablab OR tiers OR -category:coworking")

    def work(i):
        (loader if i == 0 else reader)(i)

    run_threads(4, work)
    assert cat.count("") == base + loads
    assert cat.count("\"atelier partage\"") == base_found + loads
    assert cat.practice("thread-7").description == "atelier partagé 7"


def test_long_calls_release_the_gil(default):
    """Another Python thread runs while this one is inside the C library. With a very long
    switch interval the interpreter never takes the GIL from this thread by itself, and this
    thread runs only Python code and the call in a loop: the other thread can run only if the
    call releases the GIL. (It does not rely on timing: the loop gives up after 5 s.)"""
    import sys
    import time
    calls = {"report": lambda: default.report("fr-reg-11", lang="en"),
             "inspire": lambda: default.inspire("fr-com-56121"),
             "facets": lambda: default.query("").facets(by="commune"),
             "count": lambda: default.count("fablab OR coworking OR -tag:cget-2019")}
    old = sys.getswitchinterval()
    ran_during = {}
    sys.setswitchinterval(1000.0)
    try:
        for name, call in calls.items():
            go, ran = threading.Event(), threading.Event()

            def other():
                go.wait()  # blocks without the GIL until this thread says go
                ran.set()  # needs the GIL: only while this thread is in a call that let go

            th = threading.Thread(target=other)
            th.start()
            go.set()
            deadline = time.monotonic() + 5.0
            while not ran.is_set() and time.monotonic() < deadline:
                call()
            ran_during[name] = ran.is_set()
            th.join()
    finally:
        sys.setswitchinterval(old)
    assert all(ran_during.values()), ran_during


def test_load_while_a_query_warns():
    """No compiled query outlives a call: a load made while a query call runs Python code (its
    warnings, issued through warnings.showwarning) neither fails with EMISUSE nor waits for the
    call, and the query call answers for the catalog it saw. With a compiled query still alive
    at that point, the load would be refused (or retried until it gave up)."""
    import time
    import warnings
    cat = sharitories.Catalog.default()
    warns = "category:coworking OR tag:no-such-tag"  # warns: no practice has that tag
    expected = cat.count("category:coworking")
    loads = []

    def during_warning(message, category, filename, lineno, file=None, line=None):
        t0 = time.monotonic()
        cat.load_string("sharitories: 1\npractices:\n"
                        "  - {id: during-warning-%d, name: \"Coworking %d\", category: coworking, "
                        "territories: [fr-com-56121]}\n" % (len(loads), len(loads)),
                        name="during-warning-%d.yaml" % len(loads))
        loads.append(time.monotonic() - t0)

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = during_warning
        n = cat.count(warns)
        r = cat.query(warns)
        insp = cat.inspire("fr-com-56121", query=warns)
    assert n == expected  # counted before the load its warning made
    assert len(r) == expected + 1  # the second call saw the first load
    assert len(loads) == 3 and max(loads) < 5.0
    assert cat.practice("during-warning-2").name == "Coworking 2"
    assert insp.territory.id == "fr-com-56121"
