#pragma once

/// The public C++ API of Ember: include this one header.
/// Usage mirrors Spark: Session::builder().master("local[*]").getOrCreate(), spark.range(...),
/// df.filter(col("amount") > 100).count(), df.groupBy("k").agg(sum("v")).show().

#include "ember/api/column.h"
#include "ember/api/dataframe.h"
#include "ember/api/functions.h"
#include "ember/api/reader.h"
#include "ember/api/row.h"
#include "ember/api/session.h"
#include "ember/api/writer.h"
#include "ember/common/error.h"
