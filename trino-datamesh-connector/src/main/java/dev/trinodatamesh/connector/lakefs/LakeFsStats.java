/*
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.trinodatamesh.connector.lakefs;

import io.airlift.stats.CounterStat;
import io.airlift.stats.TimeStat;
import org.weakref.jmx.Managed;
import org.weakref.jmx.Nested;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * Call counts, latencies, retries and failures of the lakeFS API calls of one catalog,
 * exported through JMX.
 */
public class LakeFsStats
{
    private final TimeStat getRepository = new TimeStat(MILLISECONDS);
    private final TimeStat listBranches = new TimeStat(MILLISECONDS);
    private final TimeStat listTags = new TimeStat(MILLISECONDS);
    private final TimeStat getCommit = new TimeStat(MILLISECONDS);
    private final TimeStat listObjects = new TimeStat(MILLISECONDS);
    private final TimeStat getObject = new TimeStat(MILLISECONDS);
    private final TimeStat logCommits = new TimeStat(MILLISECONDS);
    private final TimeStat getBranch = new TimeStat(MILLISECONDS);
    private final TimeStat getTag = new TimeStat(MILLISECONDS);
    private final TimeStat changeRefs = new TimeStat(MILLISECONDS);
    private final TimeStat staging = new TimeStat(MILLISECONDS);
    private final TimeStat uploadObject = new TimeStat(MILLISECONDS);
    private final TimeStat deleteObjects = new TimeStat(MILLISECONDS);
    private final TimeStat commit = new TimeStat(MILLISECONDS);
    private final TimeStat merge = new TimeStat(MILLISECONDS);
    private final TimeStat revert = new TimeStat(MILLISECONDS);
    private final TimeStat diffRefs = new TimeStat(MILLISECONDS);
    private final TimeStat getProtectionRules = new TimeStat(MILLISECONDS);
    private final CounterStat retries = new CounterStat();
    private final CounterStat failures = new CounterStat();

    @Managed
    @Nested
    public TimeStat getGetRepository()
    {
        return getRepository;
    }

    @Managed
    @Nested
    public TimeStat getListBranches()
    {
        return listBranches;
    }

    @Managed
    @Nested
    public TimeStat getListTags()
    {
        return listTags;
    }

    @Managed
    @Nested
    public TimeStat getGetCommit()
    {
        return getCommit;
    }

    @Managed
    @Nested
    public TimeStat getListObjects()
    {
        return listObjects;
    }

    @Managed
    @Nested
    public TimeStat getGetObject()
    {
        return getObject;
    }

    @Managed
    @Nested
    public TimeStat getLogCommits()
    {
        return logCommits;
    }

    @Managed
    @Nested
    public TimeStat getGetBranch()
    {
        return getBranch;
    }

    @Managed
    @Nested
    public TimeStat getGetTag()
    {
        return getTag;
    }

    @Managed
    @Nested
    public TimeStat getChangeRefs()
    {
        return changeRefs;
    }

    @Managed
    @Nested
    public TimeStat getStaging()
    {
        return staging;
    }

    @Managed
    @Nested
    public TimeStat getUploadObject()
    {
        return uploadObject;
    }

    @Managed
    @Nested
    public TimeStat getDeleteObjects()
    {
        return deleteObjects;
    }

    @Managed
    @Nested
    public TimeStat getCommit()
    {
        return commit;
    }

    @Managed
    @Nested
    public TimeStat getMerge()
    {
        return merge;
    }

    @Managed
    @Nested
    public TimeStat getRevert()
    {
        return revert;
    }

    @Managed
    @Nested
    public TimeStat getDiffRefs()
    {
        return diffRefs;
    }

    @Managed
    @Nested
    public TimeStat getGetProtectionRules()
    {
        return getProtectionRules;
    }

    @Managed
    @Nested
    public CounterStat getRetries()
    {
        return retries;
    }

    @Managed
    @Nested
    public CounterStat getFailures()
    {
        return failures;
    }
}
