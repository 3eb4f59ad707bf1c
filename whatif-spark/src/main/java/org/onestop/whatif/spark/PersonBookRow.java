package org.onestop.whatif.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One person's book in the Dataset: the person reference (the partitioning key) and the export's lines about the
 * person, sorted so that the order a shuffle delivers them in never matters. A Java bean for Spark's bean encoder.
 */
public class PersonBookRow implements Serializable {

    private String personRef;
    private List<String> lines = new ArrayList<>();

    public PersonBookRow() {
    }

    public PersonBookRow(String personRef, List<String> lines) {
        this.personRef = personRef;
        this.lines = lines;
    }

    public String getPersonRef() {
        return personRef;
    }

    public void setPersonRef(String personRef) {
        this.personRef = personRef;
    }

    public List<String> getLines() {
        return lines;
    }

    public void setLines(List<String> lines) {
        this.lines = lines;
    }
}
