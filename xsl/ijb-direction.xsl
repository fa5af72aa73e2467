<?xml version="1.0" encoding="UTF-8"?>
<!--
  SPDX-License-Identifier: MIT
  The ijb-direction rendition ("direction") for the health board and the
  council an Integration Joint Board directs, to the layout vocabulary
  (schemas/layout.xsd). It lays the paper out as the Glasgow City IJB
  paper of 29 January 2025 (seed 000) is laid out: the report cover as a
  label/value form with the governance route and "Direction to" drawn as
  checkboxes and the recommendations lettered a) b) c); the body in
  numbered sections of numbered paragraphs (2.1, 2.2 ...); any appendix
  with its table; then, on a new page, "Direction from the ..." with the
  eleven numbered fields. Read by carexd (compiled once) and by
  integrators with xsltproc; page furniture and dates come from
  common.xsl.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:c="urn:carex:doc:1"
                xmlns:l="urn:carex:layout:1"
                exclude-result-prefixes="c">

  <xsl:import href="common.xsl"/>

  <xsl:template name="document">
    <xsl:apply-templates select="c:ijb-direction"/>
  </xsl:template>

  <xsl:template match="c:ijb-direction">
    <xsl:variable name="cover" select="c:cover"/>
    <xsl:variable name="meeting">
      <xsl:call-template name="date">
        <xsl:with-param name="d" select="$cover/c:meeting-date"/>
      </xsl:call-template>
    </xsl:variable>
    <l:document>
      <xsl:call-template name="document-attributes">
        <xsl:with-param name="title">
          <!-- The Direction's short report title, as the recipient files it;
               the cover's full title when there is no direction. -->
          <xsl:choose>
            <xsl:when test="c:direction"><xsl:value-of select="c:direction/c:report-title"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$cover/c:title"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="subject">
          <xsl:choose>
            <xsl:when test="c:direction">
              <xsl:value-of select="concat('Direction ', c:direction/c:reference, ' from the ', $cover/c:board/c:name)"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="concat('Report to the ', $cover/c:board/c:name)"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="running">
        <xsl:with-param name="header-left" select="$cover/c:board/c:name"/>
        <xsl:with-param name="header-right" select="concat('Item No ', $cover/c:item, ' – ', $meeting)"/>
        <xsl:with-param name="footer">
          <xsl:if test="c:direction">
            <xsl:value-of select="concat('Direction ', c:direction/c:reference)"/>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <l:body>
        <xsl:call-template name="replaces-notice"/>
        <xsl:call-template name="letterhead"/>
        <xsl:call-template name="recipient-address"/>
        <xsl:apply-templates select="c:cover"/>
        <l:page-break/>
        <xsl:apply-templates select="c:report/c:section"/>
        <xsl:apply-templates select="c:appendix"/>
        <xsl:apply-templates select="c:direction"/>
      </l:body>
    </l:document>
  </xsl:template>

  <!-- ===== The cover ===== -->

  <xsl:template match="c:cover">
    <xsl:variable name="council" select="c:board/c:council"/>
    <xsl:variable name="health-board" select="c:board/c:health-board"/>
    <l:spacer height="6"/>
    <l:para align="right">
      <l:b>Item No: </l:b><xsl:value-of select="c:item"/>
      <l:br/>
      <l:b>Meeting Date: </l:b>
      <xsl:call-template name="weekday-name">
        <xsl:with-param name="d" select="c:meeting-date"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:call-template name="date">
        <xsl:with-param name="d" select="c:meeting-date"/>
      </xsl:call-template>
    </l:para>
    <l:para align="center" size="16"><l:b><xsl:value-of select="c:board/c:name"/></l:b></l:para>
    <l:spacer height="6"/>
    <l:form label-width="25" border="grid">
      <l:field label="Report By:">
        <xsl:call-template name="officer">
          <xsl:with-param name="o" select="c:report-by"/>
        </xsl:call-template>
      </l:field>
      <l:field label="Contact:">
        <xsl:call-template name="officer">
          <xsl:with-param name="o" select="c:contact"/>
        </xsl:call-template>
      </l:field>
      <l:field label="Phone:"><xsl:value-of select="c:contact/c:phone"/></l:field>
      <xsl:if test="c:contact/c:email">
        <l:field label="Email:"><xsl:value-of select="c:contact/c:email"/></l:field>
      </xsl:if>
    </l:form>
    <l:spacer height="6"/>
    <l:heading level="1"><xsl:value-of select="c:title"/></l:heading>
    <l:form label-width="30" border="grid">
      <l:field label="Purpose of Report:">
        <xsl:apply-templates select="c:purpose/c:p" mode="para"/>
      </l:field>
      <l:field label="Background/Engagement:">
        <xsl:apply-templates select="c:background/c:p" mode="para"/>
      </l:field>
      <xsl:apply-templates select="c:governance-route"/>
      <l:field label="Recommendations:">
        <l:para><xsl:value-of select="c:recommendations/c:intro"/></l:para>
        <l:list style="letter">
          <xsl:for-each select="c:recommendations/c:recommendation">
            <l:item label="{@letter})"><xsl:value-of select="."/></l:item>
          </xsl:for-each>
        </l:list>
      </l:field>
      <l:field label="Relevance to Integration Joint Board Strategic Plan:">
        <xsl:apply-templates select="c:relevance/c:p" mode="para"/>
      </l:field>
    </l:form>
    <l:spacer height="6"/>
    <l:heading level="2">Implications for Health and Social Care Partnership</l:heading>
    <xsl:apply-templates select="c:implications"/>
    <l:spacer height="6"/>
    <l:form label-width="30" border="grid">
      <l:field label="Implications for {$council}:">
        <xsl:value-of select="c:council-implications"/>
      </l:field>
      <l:field label="Implications for {$health-board}:">
        <xsl:value-of select="c:health-board-implications"/>
      </l:field>
    </l:form>
    <l:spacer height="6"/>
    <l:group>
      <l:form label-width="30" border="grid">
        <l:field label="Direction Required to Council, Health Board or Both">
          <l:para><l:b>Direction to:</l:b></l:para>
          <l:checkbox checked="{c:direction-required = 'none'}">1. No Direction Required</l:checkbox>
          <l:checkbox checked="{c:direction-required = 'council'}">2. <xsl:value-of select="$council"/></l:checkbox>
          <l:checkbox checked="{c:direction-required = 'health-board'}">3. <xsl:value-of select="$health-board"/></l:checkbox>
          <l:checkbox checked="{c:direction-required = 'both'}">4. <xsl:value-of select="concat($council, ' and ', $health-board)"/></l:checkbox>
        </l:field>
      </l:form>
    </l:group>
  </xsl:template>

  <!-- "Pat Togher, Chief Officer, Glasgow City HSCP" -->
  <xsl:template name="officer">
    <xsl:param name="o"/>
    <xsl:call-template name="person-name">
      <xsl:with-param name="n" select="$o/c:name"/>
    </xsl:call-template>
    <xsl:value-of select="concat(', ', $o/c:role)"/>
  </xsl:template>

  <xsl:template match="c:governance-route">
    <l:field label="Governance Route:">
      <l:para>The matters contained within this paper have been previously considered by the following group(s) as part of its development.</l:para>
      <xsl:call-template name="route">
        <xsl:with-param name="o" select="c:hscp-senior-management-team"/>
        <xsl:with-param name="label" select="'HSCP Senior Management Team'"/>
      </xsl:call-template>
      <xsl:call-template name="route">
        <xsl:with-param name="o" select="c:council-corporate-management-team"/>
        <xsl:with-param name="label" select="'Council Corporate Management Team'"/>
      </xsl:call-template>
      <xsl:call-template name="route">
        <xsl:with-param name="o" select="c:health-board-corporate-management-team"/>
        <xsl:with-param name="label" select="'Health Board Corporate Management Team'"/>
      </xsl:call-template>
      <xsl:call-template name="route">
        <xsl:with-param name="o" select="c:council-committee"/>
        <xsl:with-param name="label" select="'Council Committee'"/>
      </xsl:call-template>
      <xsl:call-template name="route">
        <xsl:with-param name="o" select="c:update-requested-by-ijb"/>
        <xsl:with-param name="label" select="'Update requested by IJB'"/>
      </xsl:call-template>
      <xsl:call-template name="route">
        <xsl:with-param name="o" select="c:other"/>
        <xsl:with-param name="label" select="'Other'"/>
      </xsl:call-template>
      <xsl:if test="normalize-space(c:other) != ''">
        <l:para><l:i><xsl:value-of select="normalize-space(c:other)"/></l:i></l:para>
      </xsl:if>
      <xsl:call-template name="route">
        <xsl:with-param name="o" select="c:not-applicable"/>
        <xsl:with-param name="label" select="'Not Applicable'"/>
      </xsl:call-template>
    </l:field>
  </xsl:template>

  <xsl:template name="route">
    <xsl:param name="o"/>
    <xsl:param name="label"/>
    <l:checkbox checked="{$o/@ticked = 'true'}"><xsl:value-of select="$label"/></l:checkbox>
  </xsl:template>

  <xsl:template match="c:implications">
    <l:form label-width="30" border="grid">
      <l:field label="Reference to National Health &amp; Wellbeing Outcome(s):">
        <xsl:choose>
          <xsl:when test="count(c:national-outcomes/c:outcome) = 1">Outcome </xsl:when>
          <xsl:otherwise>Outcomes </xsl:otherwise>
        </xsl:choose>
        <xsl:for-each select="c:national-outcomes/c:outcome">
          <xsl:value-of select="."/>
          <xsl:if test="position() != last()">, </xsl:if>
        </xsl:for-each>
      </l:field>
      <l:field label="Personnel:"><xsl:value-of select="c:personnel"/></l:field>
      <l:field label="Carers:"><xsl:value-of select="c:carers"/></l:field>
      <l:field label="Provider Organisations:"><xsl:value-of select="c:provider-organisations"/></l:field>
      <l:field label="Equalities:"><xsl:value-of select="c:equalities"/></l:field>
      <l:field label="Fairer Scotland Compliance:"><xsl:value-of select="c:fairer-scotland"/></l:field>
      <l:field label="Financial:"><xsl:value-of select="c:financial"/></l:field>
      <l:field label="Legal:"><xsl:value-of select="c:legal"/></l:field>
      <l:field label="Economic Impact:"><xsl:value-of select="c:economic"/></l:field>
      <l:field label="Sustainability:"><xsl:value-of select="c:sustainability"/></l:field>
      <l:field label="Sustainable Procurement and Article 19:"><xsl:value-of select="c:procurement"/></l:field>
      <l:field label="Risk Implications:"><xsl:value-of select="c:risk"/></l:field>
    </l:form>
  </xsl:template>

  <!-- ===== The body: numbered sections and paragraphs ===== -->

  <xsl:template match="c:section">
    <xsl:variable name="n" select="count(preceding-sibling::c:section) + 1"/>
    <l:heading level="1" number="{$n}."><xsl:value-of select="c:title"/></l:heading>
    <l:list style="none" align="justify">
      <xsl:for-each select="c:para">
        <l:item label="{$n}.{position()}">
          <xsl:apply-templates select="c:text/node()" mode="inline"/>
          <xsl:apply-templates select="c:list"/>
        </l:item>
      </xsl:for-each>
    </l:list>
  </xsl:template>

  <xsl:template match="c:list">
    <xsl:choose>
      <xsl:when test="@style = 'letter'">
        <l:list style="letter" align="justify">
          <xsl:for-each select="c:item">
            <l:item label="{substring('abcdefghijklmnopqrstuvwxyz', position(), 1)})">
              <xsl:apply-templates select="node()" mode="inline"/>
            </l:item>
          </xsl:for-each>
        </l:list>
      </xsl:when>
      <xsl:otherwise>
        <l:list style="bullet" align="justify">
          <xsl:for-each select="c:item">
            <l:item><xsl:apply-templates select="node()" mode="inline"/></l:item>
          </xsl:for-each>
        </l:list>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Text with italic runs. -->
  <xsl:template match="text()" mode="inline">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="c:em" mode="inline">
    <l:i><xsl:value-of select="."/></l:i>
  </xsl:template>

  <xsl:template match="c:p" mode="para">
    <l:para align="justify"><xsl:apply-templates select="node()" mode="inline"/></l:para>
  </xsl:template>

  <!-- ===== Appendices ===== -->

  <xsl:template match="c:appendix">
    <l:page-break/>
    <l:heading level="1">
      <xsl:value-of select="concat('Appendix ', count(preceding-sibling::c:appendix) + 1, ' – ', c:title)"/>
    </l:heading>
    <xsl:apply-templates select="c:p" mode="para"/>
    <xsl:apply-templates select="c:table"/>
  </xsl:template>

  <xsl:template match="c:table">
    <xsl:variable name="columns" select="c:column"/>
    <l:table header-rows="1" border="grid" size="9">
      <xsl:attribute name="widths">
        <xsl:for-each select="c:column">
          <xsl:choose>
            <xsl:when test="@width"><xsl:value-of select="@width"/></xsl:when>
            <xsl:otherwise>1</xsl:otherwise>
          </xsl:choose>
          <xsl:if test="position() != last()"><xsl:text> </xsl:text></xsl:if>
        </xsl:for-each>
      </xsl:attribute>
      <l:row>
        <xsl:for-each select="c:column">
          <l:cell>
            <xsl:if test="@align">
              <xsl:attribute name="align"><xsl:value-of select="@align"/></xsl:attribute>
            </xsl:if>
            <xsl:value-of select="."/>
          </l:cell>
        </xsl:for-each>
      </l:row>
      <xsl:for-each select="c:row">
        <xsl:variable name="total" select="@total = 'true'"/>
        <l:row>
          <xsl:for-each select="c:cell">
            <xsl:variable name="i" select="position()"/>
            <l:cell>
              <xsl:if test="$columns[$i]/@align">
                <xsl:attribute name="align"><xsl:value-of select="$columns[$i]/@align"/></xsl:attribute>
              </xsl:if>
              <xsl:choose>
                <xsl:when test="$total"><l:b><xsl:value-of select="."/></l:b></xsl:when>
                <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
              </xsl:choose>
            </l:cell>
          </xsl:for-each>
        </l:row>
      </xsl:for-each>
    </l:table>
  </xsl:template>

  <!-- ===== The Direction ===== -->

  <xsl:template match="c:direction">
    <xsl:variable name="board" select="../c:cover/c:board"/>
    <l:page-break/>
    <l:heading level="1">
      <xsl:value-of select="concat('Direction from the ', $board/c:name)"/>
    </l:heading>
    <l:spacer height="6"/>
    <l:form label-width="40" border="grid">
      <l:field number="1" label="Reference number"><xsl:value-of select="c:reference"/></l:field>
      <l:field number="2" label="Report Title"><xsl:value-of select="c:report-title"/></l:field>
      <l:field number="3" label="Date direction issued by Integration Joint Board">
        <xsl:call-template name="date">
          <xsl:with-param name="d" select="c:date-issued"/>
        </xsl:call-template>
      </l:field>
      <l:field number="4" label="Date from which direction takes effect">
        <xsl:call-template name="date">
          <xsl:with-param name="d" select="c:date-effective"/>
        </xsl:call-template>
      </l:field>
      <l:field number="5" label="Direction to:">
        <xsl:choose>
          <xsl:when test="c:direction-to = 'council'">
            <xsl:value-of select="concat($board/c:council, ' only')"/>
          </xsl:when>
          <xsl:when test="c:direction-to = 'health-board'">
            <xsl:value-of select="concat($board/c:health-board, ' only')"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="concat($board/c:council, ' and ', $board/c:health-board, ' jointly')"/>
          </xsl:otherwise>
        </xsl:choose>
      </l:field>
      <l:field number="6" label="Does this direction supersede, revise or revoke a previous direction – if yes, include the reference number(s)">
        <xsl:choose>
          <xsl:when test="c:previous-directions/@effect = 'none'">No</xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="concat('Yes – ', c:previous-directions/@effect, ' ')"/>
            <xsl:for-each select="c:previous-directions/c:reference">
              <xsl:value-of select="."/>
              <xsl:choose>
                <xsl:when test="position() = last() - 1"> and </xsl:when>
                <xsl:when test="position() != last()">, </xsl:when>
              </xsl:choose>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
      </l:field>
      <l:field number="7" label="Functions covered by direction">
        <xsl:for-each select="c:functions/c:function">
          <xsl:value-of select="."/>
          <xsl:if test="position() != last()">, </xsl:if>
        </xsl:for-each>
      </l:field>
      <l:field number="8" label="Full text of direction">
        <xsl:call-template name="paras">
          <xsl:with-param name="ps" select="c:full-text"/>
          <xsl:with-param name="align" select="'justify'"/>
        </xsl:call-template>
      </l:field>
      <l:field number="9" label="Budget allocated by Integration Joint Board to carry out direction">
        <xsl:call-template name="paras">
          <xsl:with-param name="ps" select="c:budget/c:text"/>
          <xsl:with-param name="align" select="'justify'"/>
        </xsl:call-template>
        <xsl:if test="c:budget/c:allocation">
          <l:list style="bullet">
            <xsl:for-each select="c:budget/c:allocation">
              <l:item>
                <xsl:value-of select="concat(c:purpose, ': ')"/>
                <l:b>
                  <xsl:call-template name="pounds">
                    <xsl:with-param name="v" select="c:amount"/>
                  </xsl:call-template>
                </l:b>
                <xsl:if test="c:period">
                  <xsl:value-of select="concat(' ', c:period)"/>
                </xsl:if>
              </l:item>
            </xsl:for-each>
          </l:list>
        </xsl:if>
      </l:field>
      <l:field number="10" label="Performance monitoring arrangements">
        <xsl:call-template name="paras">
          <xsl:with-param name="ps" select="c:performance-monitoring"/>
          <xsl:with-param name="align" select="'justify'"/>
        </xsl:call-template>
      </l:field>
      <l:field number="11" label="Date direction will be reviewed">
        <xsl:choose>
          <xsl:when test="c:review/c:date">
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="c:review/c:date"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:variable name="first-of-month">
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="concat(c:review/c:month, '-01')"/>
              </xsl:call-template>
            </xsl:variable>
            <xsl:value-of select="substring-after($first-of-month, ' ')"/>
          </xsl:otherwise>
        </xsl:choose>
      </l:field>
    </l:form>
  </xsl:template>

  <!-- ===== Helpers ===== -->

  <!-- 2000000 as "£2,000,000"; 1234.5 as "£1,234.50". -->
  <xsl:template name="pounds">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="number($v) = floor(number($v))">
        <xsl:value-of select="concat('£', format-number(number($v), '#,##0'))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('£', format-number(number($v), '#,##0.00'))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The day of the week of a date (Zeller's congruence): "Wednesday". -->
  <xsl:template name="weekday-name">
    <xsl:param name="d"/>
    <xsl:variable name="y0" select="number(substring($d, 1, 4))"/>
    <xsl:variable name="m0" select="number(substring($d, 6, 2))"/>
    <xsl:variable name="q" select="number(substring($d, 9, 2))"/>
    <xsl:variable name="m" select="$m0 + 12 * ($m0 &lt; 3)"/>
    <xsl:variable name="y" select="$y0 - ($m0 &lt; 3)"/>
    <xsl:variable name="h" select="($q + floor(13 * ($m + 1) div 5) + $y + floor($y div 4) - floor($y div 100) + floor($y div 400)) mod 7"/>
    <xsl:value-of select="normalize-space(substring('Saturday Sunday   Monday   Tuesday  WednesdayThursday Friday   ', $h * 9 + 1, 9))"/>
  </xsl:template>
</xsl:stylesheet>
