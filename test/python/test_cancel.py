"""Actions run without the GIL and can be cancelled: Ctrl-C (KeyboardInterrupt) cancels the
running job, interruptTag/interruptAll cancel jobs from another thread, and the session keeps
working afterwards."""

import threading
import time

import pytest

import ember.sql.functions as F
from ember.errors import IllegalArgumentException, SparkRuntimeException
from conftest import MASTER
from test_session import run_python


def endless(spark):
    """A count over 2^50 rows per partition: hours of work unless cancelled."""
    return spark.range(0, 1 << 50, 1, 2).filter(F.col("id") < 0)


def test_ctrl_c_cancels_the_running_job():
    out = run_python(
        f"""
        import os, signal, threading, time
        from ember.sql import SparkSession
        import ember.sql.functions as F
        spark = SparkSession.builder.master("{MASTER}").getOrCreate()
        threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()
        started = time.monotonic()
        try:
            spark.range(0, 1 << 50, 1, 2).filter(F.col("id") < 0).count()
            print("finished")
        except KeyboardInterrupt:
            print("interrupted", time.monotonic() - started < 30)
        print(spark.range(10).count())
        """
    )
    assert out == "interrupted True\n10\n"


def run_in_thread(action):
    outcome = {}

    def target():
        try:
            outcome["result"] = action()
        except BaseException as error:  # noqa: B902  (the test inspects what the action raised)
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


def wait_for_cancel(cancel, timeout=60):
    """Calls `cancel` until it reports a cancelled job (the job has started)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cancelled = cancel()
        if cancelled:
            return cancelled
        time.sleep(0.05)
    raise AssertionError("no job to cancel appeared")


def test_interrupt_tag_cancels_the_tagged_job_from_another_thread(spark):
    def tagged_count():
        spark.addTag("nightly")
        try:
            return endless(spark).count()
        finally:
            spark.removeTag("nightly")

    thread, outcome = run_in_thread(tagged_count)
    # This loop runs while the other thread is inside count(): the action released the GIL.
    assert spark.interruptTag("someone-else") == []
    cancelled = wait_for_cancel(lambda: spark.interruptTag("nightly"))
    thread.join(60)
    assert not thread.is_alive()
    error = outcome.get("error")
    assert isinstance(error, SparkRuntimeException), outcome
    assert error.getErrorClass() == "SPARK_JOB_CANCELLED"
    assert str(error) == (
        "[SPARK_JOB_CANCELLED] Job %s cancelled part of cancelled job tags nightly" % cancelled[0]
    )
    assert spark.range(100).count() == 100


def test_interrupt_all_cancels_every_job(spark):
    thread, outcome = run_in_thread(lambda: endless(spark).collect())
    wait_for_cancel(spark.interruptAll)
    thread.join(60)
    assert not thread.is_alive()
    assert "as part of cancellation of all jobs" in str(outcome.get("error"))
    assert spark.interruptAll() == []


def test_tags_api(spark):
    spark.addTag("a")
    spark.addTag("b")
    spark.removeTag("a")
    assert spark.getTags() == {"b"}
    spark.clearTags()
    assert spark.getTags() == set()
    with pytest.raises(IllegalArgumentException, match="must not contain ','"):
        spark.addTag("x,y")
