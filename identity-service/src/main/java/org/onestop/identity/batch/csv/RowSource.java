package org.onestop.identity.batch.csv;

import java.io.Closeable;
import java.io.IOException;

/** The rows of an uploaded list, one at a time (CSV lines or a sheet's rows): the rest of the pipeline is shared. */
interface RowSource extends Closeable {

    /** The next row, or null at the end. */
    CsvRecordReader.CsvRecord next() throws IOException;
}
