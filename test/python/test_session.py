"""SparkSession: builder, conf, active session, ember submit's presets, stop."""

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

import ember
from ember.sql import SparkSession
from conftest import MASTER


def run_python(code, env=None, timeout=120):
    """Runs `code` in a fresh interpreter (its own session) and returns its stdout."""
    environment = dict(os.environ)
    environment.update(env or {})
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
        env=environment, timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_get_or_create_returns_the_running_session(spark):
    assert SparkSession.builder.getOrCreate() is spark
    assert SparkSession.builder is not SparkSession.builder  # a new builder each time
    assert SparkSession.getActiveSession() is spark and SparkSession.active() is spark
    same = SparkSession.builder.config("ember.test.marker", "on").getOrCreate()
    assert same is spark and spark.conf.get("ember.test.marker") == "on"
    SparkSession.builder.config(map={"ember.test.a": 1, "ember.test.b": True}).getOrCreate()
    assert (spark.conf.get("ember.test.a"), spark.conf.get("ember.test.b")) == ("1", "true")


def test_runtime_config(spark):
    assert spark.conf.get("spark.sql.shuffle.partitions") == "8"  # set by the fixture
    assert spark.conf.get("spark.sql.ansi.enabled") == "true"  # a default
    assert spark.conf.get("ember.test.unset", "fallback") == "fallback"
    assert spark.conf.get("ember.test.unset", None) is None
    spark.conf.set("ember.test.flag", False)
    assert spark.conf.get("ember.test.flag") == "false"
    assert spark.conf.getAll["ember.test.flag"] == "false"
    spark.conf.unset("ember.test.flag")
    assert spark.conf.get("ember.test.flag", "gone") == "gone"


def test_application_attributes(spark):
    assert spark.version == ember.__version__
    assert spark.conf.get("spark.master") == MASTER
    assert spark.sparkContext.master == MASTER
    assert spark.sparkContext.appName == "ember-pytest"
    local = re.fullmatch(r"local\[(\d+)\]", MASTER)
    if local:
        assert spark.sparkContext.defaultParallelism == int(local.group(1))
        assert spark.range(100).rdd.getNumPartitions() == int(local.group(1))


def test_submit_presets_master_and_conf_and_code_wins():
    env = {
        "EMBER_SUBMIT_MASTER": "local[3]",
        "EMBER_SUBMIT_CONF": json.dumps({"spark.sql.shuffle.partitions": "5", "spark.app.name": "x"}),
    }
    out = run_python(
        """
        from ember.sql import SparkSession
        spark = SparkSession.builder.appName("from-code").getOrCreate()
        print(spark.conf.get("spark.master"), spark.sparkContext.defaultParallelism,
              spark.conf.get("spark.sql.shuffle.partitions"), spark.conf.get("spark.app.name"))
        """,
        env,
    )
    assert out == "local[3] 3 5 from-code\n"
    out = run_python(
        """
        from ember.sql import SparkSession
        print(SparkSession.builder.master("local[2]").getOrCreate().conf.get("spark.master"))
        """,
        env,
    )
    assert out == "local[2]\n"


def test_stop_then_get_or_create_starts_a_new_session():
    out = run_python(
        """
        from ember.sql import SparkSession
        from ember.errors import IllegalArgumentException
        spark = SparkSession.builder.master("local[2]").getOrCreate()
        df = spark.range(10)
        spark.stop()
        assert SparkSession.getActiveSession() is None
        try:
            df.count()
        except IllegalArgumentException as error:
            print(error.getErrorClass())
        with SparkSession.builder.master("local[1]").getOrCreate() as again:
            print(again is not spark, again.range(5).count())
        print(SparkSession.getActiveSession())
        """
    )
    assert out == "SESSION_STOPPED\nTrue 5\nNone\n"


def test_invalid_master_names_the_setting():
    out = run_python(
        """
        from ember.sql import SparkSession
        from ember.errors import IllegalArgumentException
        try:
            SparkSession.builder.master("yarn").getOrCreate()
        except IllegalArgumentException as error:
            print(error)
        """
    )
    assert out.startswith("[INVALID_MASTER_URL] Invalid master URL 'yarn' (spark.master)")


def test_temporary_views_and_catalog(spark):
    from ember.errors import AnalysisException

    df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id long, s string")
    df.filter(df.id > 1).createOrReplaceTempView("Recent")
    try:
        assert [row.id for row in spark.table("recent").orderBy("id").collect()] == [2, 3]
        assert spark.read.table("RECENT").count() == 2
        df.createOrReplaceTempView("recent")
        assert spark.table("recent").count() == 3
        df.createTempView("everything")
        tables = spark.catalog.listTables()
        assert [t.name for t in tables] == ["everything", "recent"]
        assert all(t.isTemporary and t.tableType == "TEMPORARY" for t in tables)
        assert [t.name for t in spark.catalog.listTables(pattern="ev*")] == ["everything"]
        assert spark.catalog.tableExists("Everything")
        with pytest.raises(AnalysisException, match="TEMP_TABLE_OR_VIEW_ALREADY_EXISTS"):
            df.createTempView("EVERYTHING")
        with pytest.raises(AnalysisException, match=r"\[TABLE_OR_VIEW_NOT_FOUND\].*`nowhere`"):
            spark.table("nowhere")
        assert spark.catalog.dropTempView("everything") is True
        assert spark.catalog.dropTempView("everything") is False
    finally:
        spark.catalog.dropTempView("recent")
        spark.catalog.dropTempView("everything")
