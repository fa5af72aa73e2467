<?xml version="1.0" encoding="UTF-8"?>
<!--
  SPDX-License-Identifier: MIT
  dispensing-notification as the notice an ADRS prescriber acts on (role
  adrs): a community pharmacy reports missed, withheld or reduced doses
  of a patient's MAT, why, and what the pharmacist has done. The summary
  in the framed box says whether the prescriber must review before the
  next dose; the table gives the events day by day. Read by the duty
  prescriber and the keyworker, filed in the ADRS record.

  A held dose (c:dispensing-held) is the first thing on every page (the
  urgent banner) and in the box: how many scheduled doses in a row were
  not taken and over which days, the last dose supplied, from when
  dispensing is held and how the prescriber was told. The rules have
  checked those numbers against the events, so this stylesheet only
  states them (plain XSLT 1.0 with EXSLT dates, as xsltproc runs it).
  An event reported more than a day late says so in its row and in the
  box.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:c="urn:carex:doc:1"
                xmlns:l="urn:carex:layout:1"
                xmlns:date="http://exslt.org/dates-and-times"
                exclude-result-prefixes="c date">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="doc" select="/c:dispensing-notification"/>
  <xsl:variable name="pt" select="$doc/c:patient"/>
  <xsl:variable name="given" select="$pt/c:name/c:given"/>
  <xsl:variable name="events" select="$doc/c:events/c:event"/>
  <xsl:variable name="held" select="$doc/c:dispensing-held"/>
  <xsl:variable name="arr" select="$doc/c:instalments"/>
  <xsl:variable name="issued-day" select="substring($doc/c:header/c:issued, 1, 10)"/>

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
  <xsl:variable name="pharmacist-name">
    <xsl:call-template name="person-name">
      <xsl:with-param name="n" select="$doc/c:pharmacist/c:name"/>
    </xsl:call-template>
  </xsl:variable>

  <xsl:template name="document">
    <l:document>
      <xsl:call-template name="document-attributes">
        <xsl:with-param name="title" select="concat('Dispensing notification: ', $patient-name)"/>
        <xsl:with-param name="subject" select="concat('Missed and withheld doses reported on ', $issued)"/>
      </xsl:call-template>
      <xsl:call-template name="running">
        <xsl:with-param name="header-right">
          <xsl:value-of select="$patient-name"/>
          <xsl:text>, CHI </xsl:text>
          <xsl:call-template name="chi">
            <xsl:with-param name="chi" select="$pt/c:chi"/>
          </xsl:call-template>
        </xsl:with-param>
        <xsl:with-param name="footer" select="concat('Dispensing notification, ref ', $doc/c:header/c:message-id)"/>
      </xsl:call-template>
      <xsl:call-template name="priority-banner">
        <xsl:with-param name="why">
          <xsl:if test="$held">
            <xsl:text>dispensing held from </xsl:text>
            <xsl:call-template name="day-and-date">
              <xsl:with-param name="d" select="$held/c:since"/>
            </xsl:call-template>
            <xsl:text>, pending review.</xsl:text>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <l:body>
        <xsl:call-template name="replaces-notice"/>
        <xsl:call-template name="letterhead"/>
        <l:spacer height="12"/>
        <xsl:call-template name="recipient-address">
          <xsl:with-param name="addressee">
            <xsl:choose>
              <xsl:when test="$doc/c:prescriber">
                <xsl:call-template name="person-name">
                  <xsl:with-param name="n" select="$doc/c:prescriber/c:name"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>The duty prescriber</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
        <l:spacer height="12"/>
        <l:para>
          <xsl:value-of select="concat('Date: ', $issued)"/>
          <l:br/>
          <xsl:value-of select="concat('Our ref: ', $doc/c:header/c:message-id)"/>
          <xsl:if test="$doc/c:prescription-ref">
            <l:br/>
            <xsl:value-of select="concat('Your ref: ', $doc/c:prescription-ref)"/>
          </xsl:if>
        </l:para>

        <l:heading>Dispensing notification: missed and withheld doses</l:heading>
        <xsl:call-template name="summary"/>

        <l:heading level="2">Patient</l:heading>
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
          <xsl:if test="$pt/c:address">
            <l:field label="Address">
              <xsl:call-template name="address-inline">
                <xsl:with-param name="a" select="$pt/c:address"/>
              </xsl:call-template>
            </l:field>
          </xsl:if>
          <xsl:if test="$pt/c:phone">
            <l:field label="Phone"><xsl:value-of select="$pt/c:phone"/></l:field>
          </xsl:if>
        </l:form>

        <l:heading level="2">Prescription</l:heading>
        <l:form label-width="30">
          <l:field label="Medicine">
            <xsl:call-template name="medication">
              <xsl:with-param name="m" select="$doc/c:medication"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Prescribed dose">
            <xsl:call-template name="dose">
              <xsl:with-param name="d" select="$doc/c:current-dose"/>
            </xsl:call-template>
            <xsl:choose>
              <xsl:when test="$doc/c:medication = 'buprenorphine-lai-weekly'"> once a week</xsl:when>
              <xsl:when test="$doc/c:medication = 'buprenorphine-lai-monthly'"> once a month</xsl:when>
              <xsl:otherwise> daily</xsl:otherwise>
            </xsl:choose>
          </l:field>
          <xsl:if test="not(starts-with($doc/c:medication, 'buprenorphine-lai'))">
            <l:field label="Pick-up days">
              <xsl:choose>
                <xsl:when test="$arr">
                  <xsl:call-template name="weekdays">
                    <xsl:with-param name="days" select="$arr/c:pick-up-days/c:day"/>
                  </xsl:call-template>
                </xsl:when>
                <xsl:otherwise>Every day (no pattern given)</xsl:otherwise>
              </xsl:choose>
            </l:field>
            <xsl:variable name="take-home">
              <xsl:call-template name="take-home-days"/>
            </xsl:variable>
            <l:field label="Take-home doses">
              <xsl:choose>
                <xsl:when test="$take-home != ''"><xsl:value-of select="substring($take-home, 3)"/></xsl:when>
                <xsl:otherwise>None: a pick-up every day</xsl:otherwise>
              </xsl:choose>
            </l:field>
            <l:field label="Phase">
              <xsl:call-template name="phase-words">
                <xsl:with-param name="phase" select="$arr/c:phase"/>
              </xsl:call-template>
            </l:field>
          </xsl:if>
          <xsl:if test="$doc/c:prescriber">
            <l:field label="Prescriber">
              <xsl:call-template name="person-name">
                <xsl:with-param name="n" select="$doc/c:prescriber/c:name"/>
              </xsl:call-template>
              <xsl:value-of select="concat(', ', $doc/c:prescriber/c:role)"/>
            </l:field>
          </xsl:if>
          <xsl:if test="$doc/c:prescription-ref">
            <l:field label="Prescription reference"><xsl:value-of select="$doc/c:prescription-ref"/></l:field>
          </xsl:if>
        </l:form>

        <l:heading level="2">Doses missed, withheld or reduced</l:heading>
        <l:table widths="2.7 1.6 2.2 5" header-rows="1" size="9">
          <l:row>
            <l:cell>Date</l:cell>
            <l:cell>What happened</l:cell>
            <l:cell>Reason</l:cell>
            <l:cell>Pharmacist’s note</l:cell>
          </l:row>
          <xsl:for-each select="$events">
            <l:row>
              <l:cell>
                <xsl:call-template name="day-and-date">
                  <xsl:with-param name="d" select="c:date"/>
                </xsl:call-template>
              </l:cell>
              <l:cell>
                <xsl:choose>
                  <xsl:when test="c:kind = 'missed'">Missed<xsl:call-template name="with-take-home"/></xsl:when>
                  <xsl:when test="c:kind = 'withheld'"><l:b>Withheld</l:b><xsl:call-template name="with-take-home"/></xsl:when>
                  <xsl:otherwise>
                    <l:b>Reduced</l:b>
                    <xsl:if test="c:dose-given">
                      <xsl:text> to </xsl:text>
                      <xsl:call-template name="dose">
                        <xsl:with-param name="d" select="c:dose-given"/>
                      </xsl:call-template>
                    </xsl:if>
                  </xsl:otherwise>
                </xsl:choose>
              </l:cell>
              <l:cell>
                <xsl:call-template name="reason">
                  <xsl:with-param name="r" select="c:reason"/>
                </xsl:call-template>
              </l:cell>
              <l:cell>
                <xsl:value-of select="c:note"/>
                <xsl:if test="c:reported-late">
                  <xsl:if test="c:note"><l:br/></xsl:if>
                  <l:b>
                    <xsl:call-template name="late-by"/>
                    <xsl:text>:</xsl:text>
                  </l:b>
                  <xsl:value-of select="concat(' ', c:reported-late)"/>
                </xsl:if>
              </l:cell>
            </l:row>
          </xsl:for-each>
        </l:table>

        <l:heading level="2">Action taken</l:heading>
        <l:list style="bullet">
          <xsl:for-each select="$doc/c:action-taken/c:action">
            <l:item>
              <xsl:choose>
                <xsl:when test=". = 'prescriber-contacted-phone'">Prescriber contacted by phone</xsl:when>
                <xsl:when test=". = 'prescriber-contacted-in-writing'">Prescriber contacted in writing</xsl:when>
                <xsl:when test=". = 'keyworker-contacted'">Keyworker contacted</xsl:when>
                <xsl:when test=". = 'patient-advised-contact-keyworker'">Patient advised to contact their keyworker</xsl:when>
                <xsl:when test=". = 'patient-advised-contact-prescriber'">Patient advised to contact the prescriber</xsl:when>
                <xsl:when test=". = 'naloxone-supplied'">Take-home naloxone supplied</xsl:when>
                <xsl:when test=". = 'overdose-risk-advice-given'">Advice given on the risk of overdose</xsl:when>
                <xsl:otherwise>Other: see below</xsl:otherwise>
              </xsl:choose>
            </l:item>
          </xsl:for-each>
        </l:list>
        <xsl:call-template name="paras">
          <xsl:with-param name="ps" select="$doc/c:action-taken/c:details"/>
          <xsl:with-param name="align" select="'justify'"/>
        </xsl:call-template>

        <l:para keep-with-next="true">
          <xsl:value-of select="concat('Reported by ', $pharmacist-name, ', ', $doc/c:pharmacist/c:role, ', ', $doc/c:pharmacist/c:registration/@body, ' ', $doc/c:pharmacist/c:registration)"/>
          <xsl:if test="$doc/c:pharmacist/c:phone">
            <xsl:value-of select="concat('. Phone ', $doc/c:pharmacist/c:phone)"/>
          </xsl:if>
          <xsl:text>.</xsl:text>
        </l:para>
        <xsl:call-template name="out-of-hours"/>
        <l:signatures>
          <l:signature party="Pharmacist" name="{$pharmacist-name}" role="{$doc/c:pharmacist/c:role}" date="{$issued}"/>
        </l:signatures>
      </l:body>
    </l:document>
  </xsl:template>

  <!-- The framed summary: what the prescriber must know before the next
       dose is due. -->
  <xsl:template name="summary">
    <xsl:variable name="missed" select="count($events[c:kind = 'missed'])"/>
    <xsl:variable name="withheld" select="count($events[c:kind = 'withheld'])"/>
    <xsl:variable name="reduced" select="count($events[c:kind = 'dose-reduced-by-pharmacist'])"/>
    <xsl:variable name="three" select="$events[c:kind = 'withheld' and c:reason = 'three-consecutive-missed'][last()]"/>
    <l:box>
      <xsl:attribute name="tone">
        <xsl:choose>
          <xsl:when test="$held or $withheld + $reduced &gt; 0">alert</xsl:when>
          <xsl:otherwise>note</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="hold"/>
      <xsl:if test="$three and not($held)">
        <l:para size="12">
          <l:b>
            <xsl:text>Dose withheld on </xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$three/c:date"/>
            </xsl:call-template>
            <xsl:text> after three consecutive missed doses (</xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$three/preceding-sibling::c:event[3]/c:date"/>
            </xsl:call-template>
            <xsl:text> to </xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$three/preceding-sibling::c:event[1]/c:date"/>
            </xsl:call-template>
            <xsl:text>).</xsl:text>
          </l:b>
        </l:para>
        <l:para>
          <xsl:value-of select="concat($given, '’s tolerance may be reduced. Please review before the next dose is dispensed; the pharmacy will not dispense until it hears from you.')"/>
        </l:para>
      </xsl:if>
      <l:para>
        <xsl:text>This notification reports </xsl:text>
        <xsl:call-template name="counts">
          <xsl:with-param name="missed" select="$missed"/>
          <xsl:with-param name="withheld" select="$withheld"/>
          <xsl:with-param name="reduced" select="$reduced"/>
        </xsl:call-template>
        <xsl:text> of </xsl:text>
        <xsl:call-template name="medication-lc">
          <xsl:with-param name="m" select="$doc/c:medication"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:call-template name="dose">
          <xsl:with-param name="d" select="$doc/c:current-dose"/>
        </xsl:call-template>
        <xsl:choose>
          <xsl:when test="$doc/c:medication = 'buprenorphine-lai-weekly'"> once a week</xsl:when>
          <xsl:when test="$doc/c:medication = 'buprenorphine-lai-monthly'"> once a month</xsl:when>
          <xsl:otherwise> daily</xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="count($events) = 1">
            <xsl:text>, on </xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$events[1]/c:date"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:text>, between </xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$events[1]/c:date"/>
            </xsl:call-template>
            <xsl:text> and </xsl:text>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$events[last()]/c:date"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:text>.</xsl:text>
        <xsl:choose>
          <xsl:when test="$held"/>
          <xsl:when test="$doc/c:action-taken/c:action = 'prescriber-contacted-phone'"> The prescriber has already been told by phone.</xsl:when>
          <xsl:when test="$doc/c:action-taken/c:action = 'prescriber-contacted-in-writing'"> The prescriber has already been told in writing.</xsl:when>
        </xsl:choose>
      </l:para>
      <xsl:for-each select="$events[c:reported-late]">
        <l:para>
          <l:b>
            <xsl:call-template name="late-by"/>
            <xsl:text>: </xsl:text>
          </l:b>
          <xsl:text>the dose </xsl:text>
          <xsl:choose>
            <xsl:when test="c:kind = 'missed'">missed</xsl:when>
            <xsl:when test="c:kind = 'withheld'">withheld</xsl:when>
            <xsl:otherwise>reduced</xsl:otherwise>
          </xsl:choose>
          <xsl:text> on </xsl:text>
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="c:date"/>
          </xsl:call-template>
          <xsl:text> (</xsl:text>
          <xsl:call-template name="reason-lc">
            <xsl:with-param name="r" select="c:reason"/>
          </xsl:call-template>
          <xsl:value-of select="concat('). Why it is late: ', c:reported-late)"/>
        </l:para>
      </xsl:for-each>
    </l:box>
  </xsl:template>

  <!-- The hold, when there is one: from when, the run of doses not taken
       and its days, that tolerance may be lost, the last dose supplied,
       and how the prescriber was told. -->
  <xsl:template name="hold">
    <xsl:if test="$held">
      <xsl:variable name="n" select="number($held/c:doses-not-taken)"/>
      <l:para size="12">
        <l:b>
          <xsl:text>Dispensing is held from </xsl:text>
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="$held/c:since"/>
          </xsl:call-template>
          <xsl:text>.</xsl:text>
          <xsl:if test="$n &gt; 0">
            <xsl:text> </xsl:text>
            <xsl:call-template name="number-words">
              <xsl:with-param name="n" select="$n"/>
              <xsl:with-param name="capital" select="true()"/>
            </xsl:call-template>
            <xsl:choose>
              <xsl:when test="$n = 1"> scheduled dose was not taken: </xsl:when>
              <xsl:otherwise> scheduled doses in a row were not taken: </xsl:otherwise>
            </xsl:choose>
            <xsl:call-template name="day-and-date">
              <xsl:with-param name="d" select="date:add($held/c:last-supplied, 'P1D')"/>
            </xsl:call-template>
            <xsl:if test="$n &gt; 1">
              <xsl:text> to </xsl:text>
              <xsl:call-template name="day-and-date">
                <xsl:with-param name="d" select="date:add($held/c:last-supplied, concat('P', $n, 'D'))"/>
              </xsl:call-template>
            </xsl:if>
            <xsl:text>.</xsl:text>
          </xsl:if>
        </l:b>
      </l:para>
      <l:para>
        <xsl:value-of select="concat($given, '’s tolerance may be lost, so the usual dose could now cause an overdose. The pharmacy will not dispense again until the prescriber has reviewed ', $given, ' and sends a prescription change or written instruction to resume (quoting our ref ', $doc/c:header/c:message-id, ').')"/>
      </l:para>
      <l:para>
        <l:b>Last dose supplied: </l:b>
        <xsl:call-template name="last-supplied"/>
      </l:para>
      <l:para>
        <xsl:choose>
          <xsl:when test="$doc/c:action-taken/c:action = 'prescriber-contacted-phone' and $doc/c:action-taken/c:action = 'prescriber-contacted-in-writing'">The pharmacy has told the prescriber by phone and in writing.</xsl:when>
          <xsl:when test="$doc/c:action-taken/c:action = 'prescriber-contacted-phone'">The pharmacy has told the prescriber by phone.</xsl:when>
          <xsl:otherwise>The pharmacy has told the prescriber in writing.</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$doc/c:action-taken/c:details"> What was agreed is under Action taken.</xsl:if>
      </l:para>
    </xsl:if>
  </xsl:template>

  <!-- "Monday 10 March 2025, 45 mg (45 ml)", or for a take-home dose
       "the take-home dose for Tuesday 18 March 2025, 16 mg, handed over
       on Monday 17 March 2025". The amount is the prescribed dose unless
       the pharmacist reduced it that day. -->
  <xsl:template name="last-supplied">
    <xsl:variable name="d" select="string($held/c:last-supplied)"/>
    <xsl:variable name="i" select="(date:day-in-week($d) + 5) mod 7 + 1"/>
    <xsl:variable name="wd" select="normalize-space(substring($week-days, ($i - 1) * 9 + 1, 9))"/>
    <xsl:variable name="pick-up">
      <xsl:choose>
        <xsl:when test="not($arr) or $arr/c:pick-up-days/c:day = $wd"><xsl:value-of select="$d"/></xsl:when>
        <xsl:otherwise>
          <xsl:variable name="before">
            <xsl:call-template name="pick-up-before">
              <xsl:with-param name="arr" select="$arr"/>
              <xsl:with-param name="i" select="$i"/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:variable name="j" select="string-length(substring-before($week-days, $before)) div 9 + 1"/>
          <xsl:value-of select="date:add($d, concat('-P', ($i - $j + 7) mod 7, 'D'))"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="reduced" select="$events[c:date = $pick-up and c:dose-given]"/>
    <xsl:if test="$pick-up != $d">the take-home dose for </xsl:if>
    <xsl:call-template name="day-and-date">
      <xsl:with-param name="d" select="$d"/>
    </xsl:call-template>
    <xsl:text>, </xsl:text>
    <xsl:choose>
      <xsl:when test="$reduced">
        <xsl:call-template name="dose">
          <xsl:with-param name="d" select="$reduced/c:dose-given"/>
        </xsl:call-template>
        <xsl:text> (reduced by the pharmacist)</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="dose">
          <xsl:with-param name="d" select="$doc/c:current-dose"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$pick-up != $d">
      <xsl:text>, handed over on </xsl:text>
      <xsl:call-template name="day-and-date">
        <xsl:with-param name="d" select="$pick-up"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:text>.</xsl:text>
  </xsl:template>

  <!-- At an event: "Reported 10 days after it happened". -->
  <xsl:template name="late-by">
    <xsl:variable name="diff" select="date:difference(string(c:date), $issued-day)"/>
    <xsl:value-of select="concat('Reported ', substring-before(substring-after($diff, 'P'), 'D'), ' days after it happened')"/>
  </xsl:template>

  <!-- At a missed or withheld event on a pick-up day that also hands over
       take-home doses: ", with the doses for Saturday and Sunday". -->
  <xsl:template name="with-take-home">
    <xsl:if test="$arr">
      <xsl:variable name="i" select="(date:day-in-week(string(c:date)) + 5) mod 7 + 1"/>
      <xsl:variable name="after">
        <xsl:call-template name="run-after">
          <xsl:with-param name="arr" select="$arr"/>
          <xsl:with-param name="i" select="$i"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="$after != ''">
        <xsl:text>, with the take-home dose</xsl:text>
        <xsl:if test="contains(normalize-space($after), ' ')">s</xsl:if>
        <xsl:text> for </xsl:text>
        <xsl:call-template name="word-list">
          <xsl:with-param name="s" select="normalize-space($after)"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- Each pick-up day's take-home days: "; Sunday (from Saturday)",
       "; Tuesday (from Monday); Thursday (from Wednesday); Saturday and
       Sunday (from Friday)"; empty for daily pick-ups. -->
  <xsl:template name="take-home-days">
    <xsl:param name="i" select="1"/>
    <xsl:if test="$arr">
      <xsl:variable name="day" select="normalize-space(substring($week-days, ($i - 1) * 9 + 1, 9))"/>
      <xsl:if test="$arr/c:pick-up-days/c:day = $day">
        <xsl:variable name="after">
          <xsl:call-template name="run-after">
            <xsl:with-param name="arr" select="$arr"/>
            <xsl:with-param name="i" select="$i"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:if test="$after != ''">
          <xsl:text>; </xsl:text>
          <xsl:call-template name="word-list">
            <xsl:with-param name="s" select="normalize-space($after)"/>
          </xsl:call-template>
          <xsl:text> (from </xsl:text>
          <xsl:call-template name="weekday">
            <xsl:with-param name="d" select="$day"/>
          </xsl:call-template>
          <xsl:text>)</xsl:text>
        </xsl:if>
      </xsl:if>
      <xsl:if test="$i &lt; 7">
        <xsl:call-template name="take-home-days">
          <xsl:with-param name="i" select="$i + 1"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- 1 to 10 in words ("four"; "Four" with capital), larger as digits. -->
  <xsl:template name="number-words">
    <xsl:param name="n"/>
    <xsl:param name="capital" select="false()"/>
    <xsl:variable name="w">
      <xsl:choose>
        <xsl:when test="$n &gt;= 1 and $n &lt;= 10">
          <xsl:value-of select="normalize-space(substring('one   two   three four  five  six   seven eight nine  ten   ', ($n - 1) * 6 + 1, 6))"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$capital">
        <xsl:value-of select="concat(translate(substring($w, 1, 1), 'otfsen', 'OTFSEN'), substring($w, 2))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$w"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "3 missed doses, 2 withheld doses and 1 reduced dose", leaving out
       kinds that did not happen; "missed pick-ups" when pick-ups hand
       over take-home doses. -->
  <xsl:template name="counts">
    <xsl:param name="missed"/>
    <xsl:param name="withheld"/>
    <xsl:param name="reduced"/>
    <xsl:variable name="parts">
      <xsl:if test="$missed &gt; 0">
        <!-- With take-home days a missed pick-up is more than one dose:
             say what was counted. -->
        <xsl:choose>
          <xsl:when test="$arr and count($arr/c:pick-up-days/c:day) &lt; 7">
            <xsl:value-of select="concat($missed, ' missed pick-up', substring('s', 1, number($missed != 1)), '|')"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="concat($missed, ' missed dose', substring('s', 1, number($missed != 1)), '|')"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <xsl:if test="$withheld &gt; 0">
        <xsl:value-of select="concat($withheld, ' withheld dose', substring('s', 1, number($withheld != 1)), '|')"/>
      </xsl:if>
      <xsl:if test="$reduced &gt; 0">
        <xsl:value-of select="concat($reduced, ' reduced dose', substring('s', 1, number($reduced != 1)), '|')"/>
      </xsl:if>
    </xsl:variable>
    <xsl:call-template name="join">
      <xsl:with-param name="s" select="string($parts)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- 'a|b|c|' as "a, b and c". -->
  <xsl:template name="join">
    <xsl:param name="s"/>
    <xsl:variable name="rest" select="substring-after($s, '|')"/>
    <xsl:value-of select="substring-before($s, '|')"/>
    <xsl:if test="$rest != ''">
      <xsl:choose>
        <xsl:when test="contains(substring-after($rest, '|'), '|')">, </xsl:when>
        <xsl:otherwise> and </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="join">
        <xsl:with-param name="s" select="$rest"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="reason">
    <xsl:param name="r"/>
    <xsl:choose>
      <xsl:when test="$r = 'not-collected'">Not collected</xsl:when>
      <xsl:when test="$r = 'intoxicated'">Appeared intoxicated</xsl:when>
      <xsl:when test="$r = 'three-consecutive-missed'">Three consecutive doses missed</xsl:when>
      <xsl:when test="$r = 'patient-request'">At the patient’s request</xsl:when>
      <xsl:otherwise>Other (see note)</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="reason-lc">
    <xsl:param name="r"/>
    <xsl:variable name="s">
      <xsl:call-template name="reason">
        <xsl:with-param name="r" select="$r"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:value-of select="concat(translate(substring($s, 1, 1), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), substring($s, 2))"/>
  </xsl:template>

</xsl:stylesheet>
