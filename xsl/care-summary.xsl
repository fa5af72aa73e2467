<?xml version="1.0" encoding="UTF-8"?>
<!--
  SPDX-License-Identifier: MIT
  care-summary as the summary letter exchanged between the ADRS and the
  registered GP practice (roles gp and adrs): who the patient is and who
  supports them, the current treatment and how it is dispensed, risks
  (non-fatal overdoses, naloxone), harm reduction, psychosocial and
  mental-health support, advocacy, the recovery plan and the next review,
  with the full dose history as a table at the end. Read by GPs, prescribers
  and keyworkers before a review; filed in the patient's record.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:c="urn:carex:doc:1"
                xmlns:l="urn:carex:layout:1"
                exclude-result-prefixes="c">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="doc" select="/c:care-summary"/>
  <xsl:variable name="pt" select="$doc/c:patient"/>
  <xsl:variable name="given" select="$pt/c:name/c:given"/>
  <xsl:variable name="mat" select="$doc/c:current-mat"/>
  <xsl:variable name="arr" select="$mat/c:arrangements"/>

  <xsl:variable name="patient-name">
    <xsl:call-template name="person-name">
      <xsl:with-param name="n" select="$pt/c:name"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="issued">
    <xsl:call-template name="date">
      <xsl:with-param name="d" select="$doc/c:header/c:issued"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="occasion">
    <xsl:choose>
      <xsl:when test="$doc/c:occasion = 'routine-review'">Routine review</xsl:when>
      <xsl:when test="$doc/c:occasion = 'medical-review'">Medical review</xsl:when>
      <xsl:when test="$doc/c:occasion = 'transfer-to-shared-care'">Transfer to shared care</xsl:when>
      <xsl:when test="$doc/c:occasion = 'return-to-specialist-care'">Return to specialist care</xsl:when>
      <xsl:when test="$doc/c:occasion = 'discharge'">Discharge</xsl:when>
      <xsl:otherwise><xsl:value-of select="$doc/c:occasion"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template name="document">
    <l:document>
      <xsl:call-template name="document-attributes">
        <xsl:with-param name="title" select="concat('Care summary: ', $patient-name)"/>
        <xsl:with-param name="subject" select="concat($occasion, ', ', $issued)"/>
      </xsl:call-template>
      <xsl:call-template name="running">
        <xsl:with-param name="header-right">
          <xsl:value-of select="$patient-name"/>
          <xsl:text>, CHI </xsl:text>
          <xsl:call-template name="chi">
            <xsl:with-param name="chi" select="$pt/c:chi"/>
          </xsl:call-template>
        </xsl:with-param>
        <xsl:with-param name="footer" select="concat('Care summary, ref ', $doc/c:header/c:message-id)"/>
      </xsl:call-template>
      <l:body>
        <xsl:call-template name="replaces-notice"/>
        <xsl:call-template name="letterhead"/>
        <l:spacer height="12"/>
        <xsl:call-template name="recipient-address"/>
        <l:spacer height="12"/>
        <l:para>
          <xsl:value-of select="concat('Date: ', $issued)"/>
          <l:br/>
          <xsl:value-of select="concat('Ref: ', $doc/c:header/c:message-id)"/>
        </l:para>

        <l:heading><xsl:value-of select="concat('Care summary: ', $occasion)"/></l:heading>
        <l:para>
          <l:b>
            <xsl:value-of select="concat($patient-name, ', date of birth ')"/>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$pt/c:date-of-birth"/>
            </xsl:call-template>
            <xsl:text>, CHI </xsl:text>
            <xsl:call-template name="chi">
              <xsl:with-param name="chi" select="$pt/c:chi"/>
            </xsl:call-template>
          </l:b>
        </l:para>
        <l:para align="justify">
          <xsl:value-of select="concat('This summary sets out where ', $given, '’s medication assisted treatment stands on ', $issued, '. The next review is due on ')"/>
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="$doc/c:next-review"/>
          </xsl:call-template>
          <xsl:text>.</xsl:text>
        </l:para>

        <l:heading level="2">Patient and care team</l:heading>
        <xsl:call-template name="care-team"/>

        <l:heading level="2">Current treatment</l:heading>
        <xsl:call-template name="current-treatment"/>

        <l:heading level="2">Risks</l:heading>
        <xsl:call-template name="risks"/>

        <l:heading level="2">Harm reduction</l:heading>
        <xsl:call-template name="harm-reduction"/>

        <l:heading level="2">Psychosocial support</l:heading>
        <xsl:call-template name="paras">
          <xsl:with-param name="ps" select="$doc/c:psychosocial"/>
          <xsl:with-param name="align" select="'justify'"/>
        </xsl:call-template>

        <l:heading level="2">Mental health</l:heading>
        <xsl:call-template name="paras">
          <xsl:with-param name="ps" select="$doc/c:mental-health"/>
          <xsl:with-param name="align" select="'justify'"/>
        </xsl:call-template>

        <l:heading level="2">Advocacy</l:heading>
        <xsl:call-template name="advocacy"/>

        <l:heading level="2">Recovery plan</l:heading>
        <l:para keep-with-next="true">
          <xsl:value-of select="concat('Goals agreed with ', $given, ':')"/>
        </l:para>
        <l:list style="number">
          <xsl:for-each select="$doc/c:recovery-plan/c:goal">
            <l:item><xsl:value-of select="."/></l:item>
          </xsl:for-each>
        </l:list>
        <xsl:call-template name="paras">
          <xsl:with-param name="ps" select="$doc/c:recovery-plan/c:notes"/>
          <xsl:with-param name="align" select="'justify'"/>
        </xsl:call-template>

        <l:heading level="2">Next review</l:heading>
        <l:para>
          <xsl:text>The next review is due on </xsl:text>
          <l:b>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$doc/c:next-review"/>
            </xsl:call-template>
          </l:b>
          <xsl:text>.</xsl:text>
        </l:para>
        <xsl:call-template name="author"/>
        <xsl:call-template name="out-of-hours"/>

        <xsl:if test="$doc/c:dose-history">
          <l:heading level="2">Dose history</l:heading>
          <l:para keep-with-next="true">Every dose change and review, earliest first. The medicine is named where it starts or changes.</l:para>
          <xsl:call-template name="dose-history"/>
        </xsl:if>
      </l:body>
    </l:document>
  </xsl:template>

  <xsl:template name="care-team">
    <xsl:variable name="kw" select="$doc/c:keyworker"/>
    <l:form label-width="30">
      <l:field label="Name"><l:b><xsl:value-of select="$patient-name"/></l:b></l:field>
      <l:field label="Date of birth">
        <xsl:call-template name="date">
          <xsl:with-param name="d" select="$pt/c:date-of-birth"/>
        </xsl:call-template>
      </l:field>
      <l:field label="CHI number">
        <xsl:call-template name="chi">
          <xsl:with-param name="chi" select="$pt/c:chi"/>
        </xsl:call-template>
      </l:field>
      <l:field label="Address">
        <xsl:call-template name="address-inline">
          <xsl:with-param name="a" select="$pt/c:address"/>
        </xsl:call-template>
      </l:field>
      <xsl:if test="$pt/c:phone">
        <l:field label="Phone"><xsl:value-of select="$pt/c:phone"/></l:field>
      </xsl:if>
      <l:field label="Registered GP practice">
        <xsl:call-template name="participant">
          <xsl:with-param name="p" select="$doc/c:gp-practice"/>
        </xsl:call-template>
      </l:field>
      <l:field label="Keyworker">
        <xsl:call-template name="person-name">
          <xsl:with-param name="n" select="$kw/c:name"/>
        </xsl:call-template>
        <xsl:value-of select="concat(', ', $kw/c:role)"/>
        <xsl:if test="$kw/c:organisation">
          <xsl:value-of select="concat(', ', $kw/c:organisation)"/>
        </xsl:if>
        <xsl:if test="$kw/c:phone">
          <l:br/>
          <xsl:value-of select="$kw/c:phone"/>
        </xsl:if>
      </l:field>
    </l:form>
  </xsl:template>

  <xsl:template name="current-treatment">
    <l:form label-width="30">
      <l:field label="Medicine">
        <l:b>
          <xsl:call-template name="medication">
            <xsl:with-param name="m" select="$mat/c:medication"/>
          </xsl:call-template>
        </l:b>
      </l:field>
      <l:field label="Dose">
        <l:b>
          <xsl:call-template name="dose">
            <xsl:with-param name="d" select="$mat/c:dose"/>
          </xsl:call-template>
          <xsl:choose>
            <xsl:when test="$mat/c:medication = 'buprenorphine-lai-weekly'"> once a week</xsl:when>
            <xsl:when test="$mat/c:medication = 'buprenorphine-lai-monthly'"> once a month</xsl:when>
            <xsl:otherwise> daily</xsl:otherwise>
          </xsl:choose>
        </l:b>
      </l:field>
      <xsl:if test="$mat/c:since">
        <l:field label="On this dose since">
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="$mat/c:since"/>
          </xsl:call-template>
        </l:field>
      </xsl:if>
      <l:field label="Prescribed by">
        <xsl:choose>
          <xsl:when test="$mat/c:prescription-issued-by = 'gp-practice'">The GP practice (shared care)</xsl:when>
          <xsl:otherwise>The ADRS</xsl:otherwise>
        </xsl:choose>
      </l:field>
      <xsl:choose>
        <xsl:when test="$arr/c:instalment-pattern = 'injection'">
          <l:field label="Given by">
            <xsl:choose>
              <xsl:when test="$arr/c:administered-by = 'adrs-clinic'">ADRS clinic</xsl:when>
              <xsl:when test="$arr/c:administered-by = 'gp-practice'">GP practice</xsl:when>
              <xsl:otherwise>Community pharmacy</xsl:otherwise>
            </xsl:choose>
          </l:field>
        </xsl:when>
        <xsl:otherwise>
          <l:field label="Dispensed by">
            <xsl:call-template name="participant">
              <xsl:with-param name="p" select="$mat/c:pharmacy"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Instalments">
            <xsl:call-template name="pattern">
              <xsl:with-param name="p" select="$arr/c:instalment-pattern"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Collection days">
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$arr/c:pick-up-days/c:day"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Supervised consumption">
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$arr/c:supervised-days/c:day"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Doses taken away">
            <xsl:call-template name="handover">
              <xsl:with-param name="arr" select="$arr"/>
            </xsl:call-template>
          </l:field>
        </xsl:otherwise>
      </xsl:choose>
    </l:form>
  </xsl:template>

  <xsl:template name="risks">
    <xsl:variable name="r" select="$doc/c:risks"/>
    <xsl:variable name="n" select="count($r/c:overdose)"/>
    <xsl:if test="$n &gt; 0">
      <l:box tone="alert">
        <l:para>
          <l:b>
            <xsl:choose>
              <xsl:when test="$n = 1">1 non-fatal overdose recorded</xsl:when>
              <xsl:otherwise><xsl:value-of select="concat($n, ' non-fatal overdoses recorded')"/></xsl:otherwise>
            </xsl:choose>
          </l:b>
          <xsl:for-each select="$r/c:overdose">
            <xsl:sort select="c:date" order="descending"/>
            <xsl:if test="position() = 1">
              <xsl:text>, the most recent on </xsl:text>
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="c:date"/>
              </xsl:call-template>
            </xsl:if>
          </xsl:for-each>
          <xsl:text>.</xsl:text>
          <xsl:choose>
            <xsl:when test="$r/c:naloxone">
              <xsl:text> Naloxone last supplied on </xsl:text>
              <xsl:for-each select="$r/c:naloxone">
                <xsl:sort select="c:date" order="descending"/>
                <xsl:if test="position() = 1">
                  <xsl:call-template name="date">
                    <xsl:with-param name="d" select="c:date"/>
                  </xsl:call-template>
                </xsl:if>
              </xsl:for-each>
              <xsl:text>.</xsl:text>
            </xsl:when>
            <xsl:otherwise> No take-home naloxone is recorded.</xsl:otherwise>
          </xsl:choose>
        </l:para>
      </l:box>
    </xsl:if>

    <l:heading level="3">Non-fatal overdoses</l:heading>
    <xsl:choose>
      <xsl:when test="$r/c:overdose">
        <l:table widths="1.3 5" header-rows="1">
          <l:row>
            <l:cell>Date</l:cell>
            <l:cell>What happened</l:cell>
          </l:row>
          <xsl:for-each select="$r/c:overdose">
            <xsl:sort select="c:date"/>
            <l:row>
              <l:cell>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="c:date"/>
                </xsl:call-template>
              </l:cell>
              <l:cell><xsl:value-of select="c:details"/></l:cell>
            </l:row>
          </xsl:for-each>
        </l:table>
      </xsl:when>
      <xsl:otherwise><l:para>None recorded.</l:para></xsl:otherwise>
    </xsl:choose>

    <l:heading level="3">Take-home naloxone supplied</l:heading>
    <xsl:choose>
      <xsl:when test="$r/c:naloxone">
        <l:table widths="1.3 1.7 3.3" header-rows="1">
          <l:row>
            <l:cell>Date</l:cell>
            <l:cell>Form</l:cell>
            <l:cell>Details</l:cell>
          </l:row>
          <xsl:for-each select="$r/c:naloxone">
            <xsl:sort select="c:date"/>
            <l:row>
              <l:cell>
                <xsl:call-template name="date">
                  <xsl:with-param name="d" select="c:date"/>
                </xsl:call-template>
              </l:cell>
              <l:cell>
                <xsl:choose>
                  <xsl:when test="c:form = 'nasal'">Nasal spray</xsl:when>
                  <xsl:otherwise>Intramuscular injection</xsl:otherwise>
                </xsl:choose>
              </l:cell>
              <l:cell><xsl:value-of select="c:details"/></l:cell>
            </l:row>
          </xsl:for-each>
        </l:table>
      </xsl:when>
      <xsl:otherwise>
        <l:box tone="alert"><l:para>No take-home naloxone is recorded. Please offer a kit at the next contact.</l:para></l:box>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:if test="$r/c:other">
      <l:heading level="3">Other risks</l:heading>
      <xsl:call-template name="paras">
        <xsl:with-param name="ps" select="$r/c:other"/>
        <xsl:with-param name="align" select="'justify'"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="harm-reduction">
    <xsl:variable name="h" select="$doc/c:harm-reduction"/>
    <l:table widths="4 1.5" header-rows="1" border="rows">
      <l:row>
        <l:cell>Offered</l:cell>
        <l:cell>Outcome</l:cell>
      </l:row>
      <xsl:for-each select="$h/c:offer">
        <l:row>
          <l:cell>
            <xsl:choose>
              <xsl:when test=". = 'naloxone'">Take-home naloxone</xsl:when>
              <xsl:when test=". = 'naloxone-training'">Naloxone and overdose awareness training</xsl:when>
              <xsl:when test=". = 'injecting-equipment'">Injecting equipment</xsl:when>
              <xsl:when test=". = 'injecting-risk-assessment'">Injecting risk assessment</xsl:when>
              <xsl:when test=". = 'bbv-testing'">Blood-borne virus testing</xsl:when>
              <xsl:when test=". = 'hepatitis-c-treatment'">Hepatitis C treatment</xsl:when>
              <xsl:when test=". = 'wound-care'">Wound care</xsl:when>
              <xsl:when test=". = 'safer-use-advice'">Safer drug use advice</xsl:when>
              <xsl:when test=". = 'benzodiazepine-advice'">Benzodiazepine harm reduction advice</xsl:when>
              <xsl:when test=". = 'alcohol-brief-intervention'">Alcohol brief intervention</xsl:when>
              <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
            </xsl:choose>
          </l:cell>
          <l:cell>
            <xsl:choose>
              <xsl:when test="@outcome = 'accepted'">Accepted</xsl:when>
              <xsl:otherwise>Declined</xsl:otherwise>
            </xsl:choose>
          </l:cell>
        </l:row>
      </xsl:for-each>
    </l:table>
    <xsl:call-template name="paras">
      <xsl:with-param name="ps" select="$h/c:notes"/>
      <xsl:with-param name="align" select="'justify'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="advocacy">
    <xsl:variable name="a" select="$doc/c:advocacy"/>
    <l:para>
      <xsl:choose>
        <xsl:when test="$a/c:status = 'engaged'">Working with an advocate</xsl:when>
        <xsl:when test="$a/c:status = 'referred'">Referred for advocacy</xsl:when>
        <xsl:when test="$a/c:status = 'offered-declined'">Advocacy offered and declined</xsl:when>
        <xsl:otherwise>Advocacy not yet offered</xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$a/c:provider">
        <xsl:value-of select="concat(': ', $a/c:provider)"/>
      </xsl:if>
      <xsl:text>.</xsl:text>
    </l:para>
    <xsl:call-template name="paras">
      <xsl:with-param name="ps" select="$a/c:notes"/>
      <xsl:with-param name="align" select="'justify'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="author">
    <xsl:variable name="a" select="$doc/c:author"/>
    <l:para>
      <xsl:text>Summary completed by </xsl:text>
      <xsl:call-template name="person-name">
        <xsl:with-param name="n" select="$a/c:name"/>
      </xsl:call-template>
      <xsl:value-of select="concat(', ', $a/c:role)"/>
      <xsl:if test="$a/c:registration">
        <xsl:value-of select="concat(' (', $a/c:registration/@body, ' ', $a/c:registration, ')')"/>
      </xsl:if>
      <xsl:value-of select="concat(', on ', $issued)"/>
      <xsl:if test="$a/c:phone">
        <xsl:value-of select="concat('. Phone ', $a/c:phone)"/>
      </xsl:if>
      <xsl:text>.</xsl:text>
    </l:para>
  </xsl:template>

  <!-- The dose history: may run to hundreds of rows, so small type and a
       repeated header row when it splits across pages. -->
  <xsl:template name="dose-history">
    <l:table widths="1.8 2.6 1 4.4" header-rows="1" size="9">
      <l:row>
        <l:cell>Date</l:cell>
        <l:cell>Medicine</l:cell>
        <l:cell align="right">Dose</l:cell>
        <l:cell>Note</l:cell>
      </l:row>
      <xsl:for-each select="$doc/c:dose-history/c:entry">
        <l:row>
          <l:cell>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="c:date"/>
            </xsl:call-template>
          </l:cell>
          <l:cell>
            <xsl:if test="c:medication">
              <xsl:call-template name="medication">
                <xsl:with-param name="m" select="c:medication"/>
              </xsl:call-template>
            </xsl:if>
          </l:cell>
          <l:cell align="right">
            <xsl:call-template name="dose">
              <xsl:with-param name="d" select="c:dose"/>
              <!-- named where it starts or changes: this entry's, or the
                   nearest earlier entry's -->
              <xsl:with-param name="med" select="(preceding-sibling::c:entry[c:medication][1]/c:medication | c:medication)[last()]"/>
            </xsl:call-template>
          </l:cell>
          <l:cell><xsl:value-of select="c:note"/></l:cell>
        </l:row>
      </xsl:for-each>
    </l:table>
  </xsl:template>

  <xsl:template name="pattern">
    <xsl:param name="p"/>
    <xsl:choose>
      <xsl:when test="$p = 'daily'">Daily collection</xsl:when>
      <xsl:when test="$p = 'six-days-sunday-take-home'">Six days a week, Sunday dose taken home</xsl:when>
      <xsl:when test="$p = 'three-times-weekly'">Three collections a week</xsl:when>
      <xsl:when test="$p = 'twice-weekly'">Two collections a week</xsl:when>
      <xsl:when test="$p = 'weekly'">One collection a week</xsl:when>
      <xsl:when test="$p = 'injection'">Injection, nothing dispensed</xsl:when>
      <xsl:otherwise><xsl:value-of select="$p"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
