<?xml version="1.0" encoding="UTF-8"?>
<!--
  SPDX-License-Identifier: MIT
  Benchmark peer, not part of carex: examples/ijb-direction.xml to XSL-FO
  for Apache FOP, with the same content as carex's "direction" rendition
  (xsl/ijb-direction.xsl + xsl/common.xsl set by src/pdf/): A4, 20 mm
  side margins, Liberation Sans 11 pt body and 10 pt cells, the marking
  at the head and foot of every page, running header, "Page N of M",
  letterhead and address block, the cover forms with their checkboxes,
  numbered sections, the appendix table with its header row repeated, the
  eleven-field Direction, PDF metadata and bookmarks. Used by bench/render
  only; it is not installed and carex never reads it.

  The sender's letterhead and the recipient's address come from the
  participant directory, as carex takes them (pipeline_render): param
  directory is its URI, relative to this file by default.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                xmlns:c="urn:carex:doc:1"
                xmlns:d="urn:carex:directory:1"
                xmlns:x="adobe:ns:meta/"
                xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                xmlns:dc="http://purl.org/dc/elements/1.1/"
                xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
                xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                exclude-result-prefixes="c d">

  <xsl:param name="directory" select="'../../examples/directory.xml'"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:strip-space elements="*"/>

  <!-- Geometry and type, as src/pdf/flow.h, blocks.c and table.c set
       them: lengths in points. -->
  <xsl:variable name="shade" select="'#e1e1e1'"/>	<!-- gray 225 -->
  <xsl:variable name="rule" select="'0.5pt solid black'"/>

  <xsl:variable name="dir" select="document($directory)/d:directory"/>
  <xsl:variable name="from"
      select="$dir/d:participant[@code = /c:ijb-direction/c:header/c:from]"/>
  <xsl:variable name="to"
      select="$dir/d:participant[@code = /c:ijb-direction/c:header/c:to][1]"/>

  <xsl:template match="/">
    <xsl:apply-templates select="c:ijb-direction"/>
  </xsl:template>

  <xsl:template match="c:ijb-direction">
    <xsl:variable name="cover" select="c:cover"/>
    <xsl:variable name="meeting">
      <xsl:call-template name="date">
        <xsl:with-param name="d" select="$cover/c:meeting-date"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="marking" select="c:header/c:marking"/>
    <fo:root font-family="Liberation Sans" font-size="11pt"
             line-height="1.3" xml:lang="en-GB">
      <fo:layout-master-set>
        <fo:simple-page-master master-name="A4" page-width="595.276pt"
            page-height="841.89pt">
          <fo:region-body margin-top="66pt" margin-bottom="62pt"
              margin-left="56.69pt" margin-right="56.69pt"/>
          <fo:region-before extent="66pt"/>
          <fo:region-after extent="62pt"/>
        </fo:simple-page-master>
      </fo:layout-master-set>

      <fo:declarations>
        <x:xmpmeta>
          <rdf:RDF>
            <rdf:Description rdf:about="">
              <dc:title>
                <xsl:choose>
                  <xsl:when test="c:direction"><xsl:value-of select="c:direction/c:report-title"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="$cover/c:title"/></xsl:otherwise>
                </xsl:choose>
              </dc:title>
              <dc:creator><xsl:value-of select="$from/d:name"/></dc:creator>
              <dc:description>
                <xsl:value-of select="concat('Direction ', c:direction/c:reference, ' from the ', $cover/c:board/c:name)"/>
              </dc:description>
              <pdf:Keywords><xsl:value-of select="concat('ijb-direction ', c:header/c:message-id)"/></pdf:Keywords>
              <xmp:CreateDate><xsl:value-of select="c:header/c:issued"/></xmp:CreateDate>
            </rdf:Description>
          </rdf:RDF>
        </x:xmpmeta>
      </fo:declarations>

      <fo:bookmark-tree>
        <fo:bookmark internal-destination="h-cover">
          <fo:bookmark-title><xsl:value-of select="$cover/c:title"/></fo:bookmark-title>
          <fo:bookmark internal-destination="h-impl">
            <fo:bookmark-title>Implications for Health and Social Care Partnership</fo:bookmark-title>
          </fo:bookmark>
        </fo:bookmark>
        <xsl:for-each select="c:report/c:section">
          <fo:bookmark internal-destination="h-s{position()}">
            <fo:bookmark-title><xsl:value-of select="concat(position(), '. ', c:title)"/></fo:bookmark-title>
          </fo:bookmark>
        </xsl:for-each>
        <xsl:for-each select="c:appendix">
          <fo:bookmark internal-destination="h-a{position()}">
            <fo:bookmark-title><xsl:value-of select="concat('Appendix ', position(), ' – ', c:title)"/></fo:bookmark-title>
          </fo:bookmark>
        </xsl:for-each>
        <xsl:if test="c:direction">
          <fo:bookmark internal-destination="h-dir">
            <fo:bookmark-title><xsl:value-of select="concat('Direction from the ', $cover/c:board/c:name)"/></fo:bookmark-title>
          </fo:bookmark>
        </xsl:if>
      </fo:bookmark-tree>

      <fo:page-sequence master-reference="A4" id="doc">
        <!-- Marking (bold 10 pt, baselines 30 pt below the page top and
             24 pt above its foot), running header and footer (8 pt, gray
             90/255; baselines 45 pt and 40 pt), as src/pdf/draw.c. -->
        <fo:static-content flow-name="xsl-region-before">
          <fo:block-container absolute-position="absolute" top="19.9pt"
              left="56.69pt" width="481.896pt">
            <fo:block text-align="center" font-weight="bold" font-size="10pt"
                line-height="1.2"><xsl:value-of select="$marking"/></fo:block>
          </fo:block-container>
          <fo:block-container absolute-position="absolute" top="36.8pt"
              left="56.69pt" width="481.896pt">
            <fo:block text-align-last="justify" font-size="8pt"
                line-height="1.25" color="#5a5a5a">
              <xsl:value-of select="$cover/c:board/c:name"/>
              <fo:leader leader-pattern="space"/>
              <xsl:value-of select="concat('Item No ', $cover/c:item, ' – ', $meeting)"/>
            </fo:block>
          </fo:block-container>
        </fo:static-content>
        <fo:static-content flow-name="xsl-region-after">
          <fo:block-container absolute-position="absolute" top="13.8pt"
              left="56.69pt" width="481.896pt">
            <fo:block text-align-last="justify" font-size="8pt"
                line-height="1.25" color="#5a5a5a">
              <xsl:if test="c:direction">
                <xsl:value-of select="concat('Direction ', c:direction/c:reference)"/>
              </xsl:if>
              <fo:leader leader-pattern="space"/>
              <xsl:text>Page </xsl:text><fo:page-number/>
              <xsl:text> of </xsl:text><fo:page-number-citation-last ref-id="doc"/>
            </fo:block>
          </fo:block-container>
          <fo:block-container absolute-position="absolute" top="27.9pt"
              left="56.69pt" width="481.896pt">
            <fo:block text-align="center" font-weight="bold" font-size="10pt"
                line-height="1.2"><xsl:value-of select="$marking"/></fo:block>
          </fo:block-container>
        </fo:static-content>

        <fo:flow flow-name="xsl-region-body">
          <xsl:call-template name="letterhead-address"/>
          <xsl:apply-templates select="c:cover"/>
          <xsl:apply-templates select="c:report/c:section"/>
          <xsl:apply-templates select="c:appendix"/>
          <xsl:apply-templates select="c:direction"/>
        </fo:flow>
      </fo:page-sequence>
    </fo:root>
  </xsl:template>

  <!-- Address (left, dropped to the envelope window 130 pt below the page
       top) beside the letterhead (right, 10 pt), as blocks.c sets them. -->
  <xsl:template name="letterhead-address">
    <fo:table table-layout="fixed" width="100%">
      <fo:table-column column-width="45%"/>
      <fo:table-column column-width="55%"/>
      <fo:table-body>
        <fo:table-row>
          <fo:table-cell padding-top="64pt">
            <fo:block>
              <xsl:if test="$to">
                <fo:block><xsl:value-of select="$to/d:name"/></fo:block>
                <xsl:for-each select="$to/d:address/*">
                  <fo:block><xsl:value-of select="."/></fo:block>
                </xsl:for-each>
              </xsl:if>
            </fo:block>
          </fo:table-cell>
          <fo:table-cell text-align="right" font-size="10pt">
            <fo:block>
              <xsl:if test="$from">
                <fo:block font-weight="bold"><xsl:value-of select="$from/d:name"/></fo:block>
                <xsl:for-each select="$from/d:address/* | $from/d:contact/*">
                  <fo:block><xsl:value-of select="."/></fo:block>
                </xsl:for-each>
              </xsl:if>
            </fo:block>
          </fo:table-cell>
        </fo:table-row>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- ===== The cover ===== -->

  <xsl:template match="c:cover">
    <xsl:variable name="council" select="c:board/c:council"/>
    <xsl:variable name="health-board" select="c:board/c:health-board"/>
    <fo:block text-align="right" space-before="12pt">
      <fo:inline font-weight="bold">Item No: </fo:inline><xsl:value-of select="c:item"/>
      <fo:block/>
      <fo:inline font-weight="bold">Meeting Date: </fo:inline>
      <xsl:call-template name="weekday-name">
        <xsl:with-param name="d" select="c:meeting-date"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:call-template name="date">
        <xsl:with-param name="d" select="c:meeting-date"/>
      </xsl:call-template>
    </fo:block>
    <fo:block text-align="center" font-size="16pt" font-weight="bold"
        space-before="6pt"><xsl:value-of select="c:board/c:name"/></fo:block>
    <xsl:call-template name="form">
      <xsl:with-param name="label-width" select="25"/>
      <xsl:with-param name="space" select="'15pt'"/>
      <xsl:with-param name="rows">
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Report By:'"/>
          <xsl:with-param name="value">
            <fo:block><xsl:call-template name="officer"><xsl:with-param name="o" select="c:report-by"/></xsl:call-template></fo:block>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Contact:'"/>
          <xsl:with-param name="value">
            <fo:block><xsl:call-template name="officer"><xsl:with-param name="o" select="c:contact"/></xsl:call-template></fo:block>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Phone:'"/>
          <xsl:with-param name="value"><fo:block><xsl:value-of select="c:contact/c:phone"/></fo:block></xsl:with-param>
        </xsl:call-template>
        <xsl:if test="c:contact/c:email">
          <xsl:call-template name="field">
            <xsl:with-param name="label" select="'Email:'"/>
            <xsl:with-param name="value"><fo:block><xsl:value-of select="c:contact/c:email"/></fo:block></xsl:with-param>
          </xsl:call-template>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="heading">
      <xsl:with-param name="id" select="'h-cover'"/>
      <xsl:with-param name="text" select="c:title"/>
      <xsl:with-param name="space" select="'22pt'"/>
    </xsl:call-template>
    <xsl:call-template name="form">
      <xsl:with-param name="label-width" select="30"/>
      <xsl:with-param name="rows">
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Purpose of Report:'"/>
          <xsl:with-param name="value"><xsl:apply-templates select="c:purpose/c:p" mode="para"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Background/Engagement:'"/>
          <xsl:with-param name="value"><xsl:apply-templates select="c:background/c:p" mode="para"/></xsl:with-param>
        </xsl:call-template>
        <xsl:apply-templates select="c:governance-route"/>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Recommendations:'"/>
          <xsl:with-param name="value">
            <fo:block><xsl:value-of select="c:recommendations/c:intro"/></fo:block>
            <fo:list-block provisional-distance-between-starts="18pt"
                provisional-label-separation="6pt" space-before="4pt">
              <xsl:for-each select="c:recommendations/c:recommendation">
                <xsl:call-template name="item">
                  <xsl:with-param name="label" select="concat(@letter, ')')"/>
                  <xsl:with-param name="body"><fo:block><xsl:value-of select="."/></fo:block></xsl:with-param>
                </xsl:call-template>
              </xsl:for-each>
            </fo:list-block>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Relevance to Integration Joint Board Strategic Plan:'"/>
          <xsl:with-param name="value"><xsl:apply-templates select="c:relevance/c:p" mode="para"/></xsl:with-param>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <fo:block id="h-impl" font-size="12.5pt" font-weight="bold"
        line-height="1.25" space-before="18pt"
        keep-with-next.within-page="always">Implications for Health and Social Care Partnership</fo:block>
    <xsl:apply-templates select="c:implications"/>
    <xsl:call-template name="form">
      <xsl:with-param name="label-width" select="30"/>
      <xsl:with-param name="space" select="'15pt'"/>
      <xsl:with-param name="rows">
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="concat('Implications for ', $council, ':')"/>
          <xsl:with-param name="value"><fo:block><xsl:value-of select="c:council-implications"/></fo:block></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="concat('Implications for ', $health-board, ':')"/>
          <xsl:with-param name="value"><fo:block><xsl:value-of select="c:health-board-implications"/></fo:block></xsl:with-param>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <!-- A group: kept on one page. -->
    <fo:block keep-together.within-page="always">
      <xsl:call-template name="form">
        <xsl:with-param name="label-width" select="30"/>
        <xsl:with-param name="space" select="'15pt'"/>
        <xsl:with-param name="rows">
          <xsl:call-template name="field">
            <xsl:with-param name="label" select="'Direction Required to Council, Health Board or Both'"/>
            <xsl:with-param name="value">
              <fo:block font-weight="bold">Direction to:</fo:block>
              <xsl:call-template name="checkbox">
                <xsl:with-param name="on" select="c:direction-required = 'none'"/>
                <xsl:with-param name="text" select="'1. No Direction Required'"/>
              </xsl:call-template>
              <xsl:call-template name="checkbox">
                <xsl:with-param name="on" select="c:direction-required = 'council'"/>
                <xsl:with-param name="text" select="concat('2. ', $council)"/>
              </xsl:call-template>
              <xsl:call-template name="checkbox">
                <xsl:with-param name="on" select="c:direction-required = 'health-board'"/>
                <xsl:with-param name="text" select="concat('3. ', $health-board)"/>
              </xsl:call-template>
              <xsl:call-template name="checkbox">
                <xsl:with-param name="on" select="c:direction-required = 'both'"/>
                <xsl:with-param name="text" select="concat('4. ', $council, ' and ', $health-board)"/>
              </xsl:call-template>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
    </fo:block>
  </xsl:template>

  <xsl:template name="officer">
    <xsl:param name="o"/>
    <xsl:if test="$o/c:name/c:title"><xsl:value-of select="concat($o/c:name/c:title, ' ')"/></xsl:if>
    <xsl:value-of select="concat($o/c:name/c:given, ' ', $o/c:name/c:family, ', ', $o/c:role)"/>
  </xsl:template>

  <xsl:template match="c:governance-route">
    <xsl:call-template name="field">
      <xsl:with-param name="label" select="'Governance Route:'"/>
      <xsl:with-param name="value">
        <fo:block>The matters contained within this paper have been previously considered by the following group(s) as part of its development.</fo:block>
        <xsl:call-template name="checkbox">
          <xsl:with-param name="on" select="c:hscp-senior-management-team/@ticked = 'true'"/>
          <xsl:with-param name="text" select="'HSCP Senior Management Team'"/>
        </xsl:call-template>
        <xsl:call-template name="checkbox">
          <xsl:with-param name="on" select="c:council-corporate-management-team/@ticked = 'true'"/>
          <xsl:with-param name="text" select="'Council Corporate Management Team'"/>
        </xsl:call-template>
        <xsl:call-template name="checkbox">
          <xsl:with-param name="on" select="c:health-board-corporate-management-team/@ticked = 'true'"/>
          <xsl:with-param name="text" select="'Health Board Corporate Management Team'"/>
        </xsl:call-template>
        <xsl:call-template name="checkbox">
          <xsl:with-param name="on" select="c:council-committee/@ticked = 'true'"/>
          <xsl:with-param name="text" select="'Council Committee'"/>
        </xsl:call-template>
        <xsl:call-template name="checkbox">
          <xsl:with-param name="on" select="c:update-requested-by-ijb/@ticked = 'true'"/>
          <xsl:with-param name="text" select="'Update requested by IJB'"/>
        </xsl:call-template>
        <xsl:call-template name="checkbox">
          <xsl:with-param name="on" select="c:other/@ticked = 'true'"/>
          <xsl:with-param name="text" select="'Other'"/>
        </xsl:call-template>
        <xsl:if test="normalize-space(c:other) != ''">
          <fo:block space-before="6pt" font-style="italic"><xsl:value-of select="normalize-space(c:other)"/></fo:block>
        </xsl:if>
        <xsl:call-template name="checkbox">
          <xsl:with-param name="on" select="c:not-applicable/@ticked = 'true'"/>
          <xsl:with-param name="text" select="'Not Applicable'"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="c:implications">
    <xsl:call-template name="form">
      <xsl:with-param name="label-width" select="30"/>
      <xsl:with-param name="rows">
        <xsl:call-template name="field">
          <xsl:with-param name="label" select="'Reference to National Health &amp; Wellbeing Outcome(s):'"/>
          <xsl:with-param name="value">
            <fo:block>
              <xsl:choose>
                <xsl:when test="count(c:national-outcomes/c:outcome) = 1">Outcome </xsl:when>
                <xsl:otherwise>Outcomes </xsl:otherwise>
              </xsl:choose>
              <xsl:for-each select="c:national-outcomes/c:outcome">
                <xsl:value-of select="."/>
                <xsl:if test="position() != last()">, </xsl:if>
              </xsl:for-each>
            </fo:block>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Personnel:'"/><xsl:with-param name="v" select="c:personnel"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Carers:'"/><xsl:with-param name="v" select="c:carers"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Provider Organisations:'"/><xsl:with-param name="v" select="c:provider-organisations"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Equalities:'"/><xsl:with-param name="v" select="c:equalities"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Fairer Scotland Compliance:'"/><xsl:with-param name="v" select="c:fairer-scotland"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Financial:'"/><xsl:with-param name="v" select="c:financial"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Legal:'"/><xsl:with-param name="v" select="c:legal"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Economic Impact:'"/><xsl:with-param name="v" select="c:economic"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Sustainability:'"/><xsl:with-param name="v" select="c:sustainability"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Sustainable Procurement and Article 19:'"/><xsl:with-param name="v" select="c:procurement"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="label" select="'Risk Implications:'"/><xsl:with-param name="v" select="c:risk"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ===== The body: numbered sections and paragraphs ===== -->

  <xsl:template match="c:section">
    <xsl:variable name="n" select="count(preceding-sibling::c:section) + 1"/>
    <xsl:call-template name="heading">
      <xsl:with-param name="id" select="concat('h-s', $n)"/>
      <xsl:with-param name="number" select="concat($n, '.')"/>
      <xsl:with-param name="text" select="c:title"/>
      <xsl:with-param name="break" select="$n = 1"/>
    </xsl:call-template>
    <fo:list-block provisional-distance-between-starts="26pt"
        provisional-label-separation="6pt" text-align="justify">
      <xsl:for-each select="c:para">
        <xsl:call-template name="item">
          <xsl:with-param name="label" select="concat($n, '.', position())"/>
          <xsl:with-param name="space" select="'3pt'"/>
          <xsl:with-param name="body">
            <fo:block><xsl:apply-templates select="c:text/node()" mode="inline"/></fo:block>
            <xsl:apply-templates select="c:list"/>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
    </fo:list-block>
  </xsl:template>

  <xsl:template match="c:list">
    <fo:list-block provisional-distance-between-starts="18pt"
        provisional-label-separation="6pt" text-align="justify"
        space-before="4pt">
      <xsl:for-each select="c:item">
        <xsl:call-template name="item">
          <xsl:with-param name="label">
            <xsl:choose>
              <xsl:when test="../@style = 'letter'"><xsl:value-of select="concat(substring('abcdefghijklmnopqrstuvwxyz', position(), 1), ')')"/></xsl:when>
              <xsl:otherwise>•</xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
          <xsl:with-param name="body"><fo:block><xsl:apply-templates select="node()" mode="inline"/></fo:block></xsl:with-param>
        </xsl:call-template>
      </xsl:for-each>
    </fo:list-block>
  </xsl:template>

  <xsl:template match="text()" mode="inline">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="c:em" mode="inline">
    <fo:inline font-style="italic"><xsl:value-of select="."/></fo:inline>
  </xsl:template>

  <xsl:template match="c:p" mode="para">
    <fo:block text-align="justify" space-before="6pt">
      <xsl:apply-templates select="node()" mode="inline"/>
    </fo:block>
  </xsl:template>

  <!-- ===== Appendices ===== -->

  <xsl:template match="c:appendix">
    <xsl:variable name="n" select="count(preceding-sibling::c:appendix) + 1"/>
    <xsl:call-template name="heading">
      <xsl:with-param name="id" select="concat('h-a', $n)"/>
      <xsl:with-param name="text" select="concat('Appendix ', $n, ' – ', c:title)"/>
      <xsl:with-param name="break" select="true()"/>
    </xsl:call-template>
    <xsl:apply-templates select="c:p" mode="para"/>
    <xsl:apply-templates select="c:table"/>
  </xsl:template>

  <!-- Header row shaded, bold and repeated on every page; grid borders;
       9 pt. -->
  <xsl:template match="c:table">
    <xsl:variable name="columns" select="c:column"/>
    <fo:table table-layout="fixed" width="100%" font-size="9pt"
        border-collapse="collapse" space-before="9pt">
      <xsl:for-each select="c:column">
        <fo:table-column column-width="proportional-column-width({@width})"/>
      </xsl:for-each>
      <fo:table-header background-color="{$shade}" font-weight="bold">
        <fo:table-row>
          <xsl:for-each select="c:column">
            <xsl:call-template name="cell">
              <xsl:with-param name="align" select="@align"/>
              <xsl:with-param name="body"><fo:block><xsl:value-of select="."/></fo:block></xsl:with-param>
            </xsl:call-template>
          </xsl:for-each>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="c:row">
          <fo:table-row>
            <xsl:if test="@total = 'true'">
              <xsl:attribute name="font-weight">bold</xsl:attribute>
            </xsl:if>
            <xsl:for-each select="c:cell">
              <xsl:variable name="i" select="position()"/>
              <xsl:call-template name="cell">
                <xsl:with-param name="align" select="$columns[$i]/@align"/>
                <xsl:with-param name="body"><fo:block><xsl:value-of select="."/></fo:block></xsl:with-param>
              </xsl:call-template>
            </xsl:for-each>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- ===== The Direction ===== -->

  <xsl:template match="c:direction">
    <xsl:variable name="board" select="../c:cover/c:board"/>
    <xsl:call-template name="heading">
      <xsl:with-param name="id" select="'h-dir'"/>
      <xsl:with-param name="text" select="concat('Direction from the ', $board/c:name)"/>
      <xsl:with-param name="break" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="form">
      <xsl:with-param name="label-width" select="40"/>
      <xsl:with-param name="numbered" select="true()"/>
      <xsl:with-param name="space" select="'15pt'"/>
      <xsl:with-param name="rows">
        <xsl:call-template name="text-field"><xsl:with-param name="n" select="1"/><xsl:with-param name="label" select="'Reference number'"/><xsl:with-param name="v" select="c:reference"/></xsl:call-template>
        <xsl:call-template name="text-field"><xsl:with-param name="n" select="2"/><xsl:with-param name="label" select="'Report Title'"/><xsl:with-param name="v" select="c:report-title"/></xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="3"/>
          <xsl:with-param name="label" select="'Date direction issued by Integration Joint Board'"/>
          <xsl:with-param name="value"><fo:block><xsl:call-template name="date"><xsl:with-param name="d" select="c:date-issued"/></xsl:call-template></fo:block></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="4"/>
          <xsl:with-param name="label" select="'Date from which direction takes effect'"/>
          <xsl:with-param name="value"><fo:block><xsl:call-template name="date"><xsl:with-param name="d" select="c:date-effective"/></xsl:call-template></fo:block></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="5"/>
          <xsl:with-param name="label" select="'Direction to:'"/>
          <xsl:with-param name="value">
            <fo:block>
              <xsl:choose>
                <xsl:when test="c:direction-to = 'council'"><xsl:value-of select="concat($board/c:council, ' only')"/></xsl:when>
                <xsl:when test="c:direction-to = 'health-board'"><xsl:value-of select="concat($board/c:health-board, ' only')"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="concat($board/c:council, ' and ', $board/c:health-board, ' jointly')"/></xsl:otherwise>
              </xsl:choose>
            </fo:block>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="6"/>
          <xsl:with-param name="label" select="'Does this direction supersede, revise or revoke a previous direction – if yes, include the reference number(s)'"/>
          <xsl:with-param name="value">
            <fo:block>
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
            </fo:block>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="7"/>
          <xsl:with-param name="label" select="'Functions covered by direction'"/>
          <xsl:with-param name="value">
            <fo:block>
              <xsl:for-each select="c:functions/c:function">
                <xsl:value-of select="."/>
                <xsl:if test="position() != last()">, </xsl:if>
              </xsl:for-each>
            </fo:block>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="8"/>
          <xsl:with-param name="label" select="'Full text of direction'"/>
          <xsl:with-param name="value"><xsl:apply-templates select="c:full-text/c:p" mode="plain"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="9"/>
          <xsl:with-param name="label" select="'Budget allocated by Integration Joint Board to carry out direction'"/>
          <xsl:with-param name="value">
            <xsl:apply-templates select="c:budget/c:text/c:p" mode="plain"/>
            <xsl:if test="c:budget/c:allocation">
              <fo:list-block provisional-distance-between-starts="18pt"
                  provisional-label-separation="6pt" space-before="4pt">
                <xsl:for-each select="c:budget/c:allocation">
                  <xsl:call-template name="item">
                    <xsl:with-param name="label" select="'•'"/>
                    <xsl:with-param name="body">
                      <fo:block>
                        <xsl:value-of select="concat(c:purpose, ': ')"/>
                        <fo:inline font-weight="bold">
                          <xsl:call-template name="pounds"><xsl:with-param name="v" select="c:amount"/></xsl:call-template>
                        </fo:inline>
                        <xsl:if test="c:period"><xsl:value-of select="concat(' ', c:period)"/></xsl:if>
                      </fo:block>
                    </xsl:with-param>
                  </xsl:call-template>
                </xsl:for-each>
              </fo:list-block>
            </xsl:if>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="10"/>
          <xsl:with-param name="label" select="'Performance monitoring arrangements'"/>
          <xsl:with-param name="value"><xsl:apply-templates select="c:performance-monitoring/c:p" mode="plain"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="11"/>
          <xsl:with-param name="label" select="'Date direction will be reviewed'"/>
          <xsl:with-param name="value">
            <fo:block>
              <xsl:choose>
                <xsl:when test="c:review/c:date">
                  <xsl:call-template name="date"><xsl:with-param name="d" select="c:review/c:date"/></xsl:call-template>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:variable name="first-of-month">
                    <xsl:call-template name="date"><xsl:with-param name="d" select="concat(c:review/c:month, '-01')"/></xsl:call-template>
                  </xsl:variable>
                  <xsl:value-of select="substring-after($first-of-month, ' ')"/>
                </xsl:otherwise>
              </xsl:choose>
            </fo:block>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Plain justified paragraphs (common.xsl "paras"). -->
  <xsl:template match="c:p" mode="plain">
    <fo:block text-align="justify" space-before="6pt"><xsl:value-of select="."/></fo:block>
  </xsl:template>

  <!-- ===== Building blocks, as src/pdf/ draws them ===== -->

  <!-- A heading: bold, 14 pt, kept with what follows; number hung in a
       30 pt column. -->
  <xsl:template name="heading">
    <xsl:param name="id"/>
    <xsl:param name="number" select="''"/>
    <xsl:param name="text"/>
    <xsl:param name="space" select="'16pt'"/>
    <xsl:param name="break" select="false()"/>
    <xsl:choose>
      <xsl:when test="$number != ''">
        <fo:list-block id="{$id}" provisional-distance-between-starts="30pt"
            provisional-label-separation="4pt" font-size="14pt"
            font-weight="bold" line-height="1.25" space-before="{$space}"
            keep-with-next.within-page="always">
          <xsl:if test="$break"><xsl:attribute name="break-before">page</xsl:attribute></xsl:if>
          <fo:list-item>
            <fo:list-item-label end-indent="label-end()"><fo:block><xsl:value-of select="$number"/></fo:block></fo:list-item-label>
            <fo:list-item-body start-indent="body-start()"><fo:block><xsl:value-of select="$text"/></fo:block></fo:list-item-body>
          </fo:list-item>
        </fo:list-block>
      </xsl:when>
      <xsl:otherwise>
        <fo:block id="{$id}" font-size="14pt" font-weight="bold"
            line-height="1.25" space-before="{$space}"
            keep-with-next.within-page="always">
          <xsl:if test="$break"><xsl:attribute name="break-before">page</xsl:attribute></xsl:if>
          <xsl:value-of select="$text"/>
        </fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="item">
    <xsl:param name="label"/>
    <xsl:param name="body"/>
    <xsl:param name="space" select="'3pt'"/>
    <fo:list-item space-before="{$space}">
      <fo:list-item-label end-indent="label-end()">
        <fo:block text-align="left"><xsl:value-of select="$label"/></fo:block>
      </fo:list-item-label>
      <fo:list-item-body start-indent="body-start()">
        <xsl:copy-of select="$body"/>
      </fo:list-item-body>
    </fo:list-item>
  </xsl:template>

  <!-- A checkbox: a square, ticked when on, the label 1.35 em to its
       right. -->
  <xsl:template name="checkbox">
    <xsl:param name="on"/>
    <xsl:param name="text"/>
    <fo:list-block provisional-distance-between-starts="13.5pt"
        provisional-label-separation="3pt" space-before="3pt">
      <fo:list-item>
        <fo:list-item-label end-indent="label-end()">
          <fo:block-container width="7.5pt" height="7.5pt" space-before="2.5pt"
              border="0.6pt solid black" start-indent="0.6pt">
            <fo:block font-family="ZapfDingbats" font-size="6.5pt"
                line-height="1" start-indent="0.9pt" end-indent="0pt"
                space-before="0.6pt"><xsl:if test="$on">✔</xsl:if></fo:block>
          </fo:block-container>
        </fo:list-item-label>
        <fo:list-item-body start-indent="body-start()">
          <fo:block><xsl:value-of select="$text"/></fo:block>
        </fo:list-item-body>
      </fo:list-item>
    </fo:list-block>
  </xsl:template>

  <!-- A form: rows of (number,) shaded label and value, grid borders,
       10 pt; label-width is a percentage of what the number leaves. -->
  <xsl:template name="form">
    <xsl:param name="label-width"/>
    <xsl:param name="numbered" select="false()"/>
    <xsl:param name="space" select="'9pt'"/>
    <xsl:param name="rows"/>
    <fo:table table-layout="fixed" width="100%" font-size="10pt"
        border-collapse="collapse" space-before="{$space}">
      <xsl:if test="$numbered">
        <fo:table-column column-width="26pt"/>
      </xsl:if>
      <fo:table-column column-width="proportional-column-width({$label-width})"/>
      <fo:table-column column-width="proportional-column-width({100 - $label-width})"/>
      <fo:table-body>
        <xsl:copy-of select="$rows"/>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template name="field">
    <xsl:param name="n" select="''"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <!-- Rows split between lines where a page ends (src/pdf/rowsplit.c),
         FOP's default. -->
    <fo:table-row>
      <xsl:if test="$n != ''">
        <xsl:call-template name="cell">
          <xsl:with-param name="body"><fo:block><xsl:value-of select="$n"/></fo:block></xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="cell">
        <xsl:with-param name="shaded" select="true()"/>
        <xsl:with-param name="body"><fo:block><xsl:value-of select="$label"/></fo:block></xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="cell">
        <xsl:with-param name="body" select="$value"/>
      </xsl:call-template>
    </fo:table-row>
  </xsl:template>

  <xsl:template name="text-field">
    <xsl:param name="n" select="''"/>
    <xsl:param name="label"/>
    <xsl:param name="v"/>
    <xsl:call-template name="field">
      <xsl:with-param name="n" select="$n"/>
      <xsl:with-param name="label" select="$label"/>
      <xsl:with-param name="value"><fo:block><xsl:value-of select="$v"/></fo:block></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A cell: 4.5 pt side padding, 3 pt above, 4 pt below, grid rule.
       The first block's space-before is dropped at the cell's top. -->
  <xsl:template name="cell">
    <xsl:param name="body"/>
    <xsl:param name="align" select="''"/>
    <xsl:param name="shaded" select="false()"/>
    <fo:table-cell border="{$rule}" padding-left="4.5pt"
        padding-right="4.5pt" padding-top="3pt" padding-bottom="4pt">
      <xsl:if test="$shaded"><xsl:attribute name="background-color"><xsl:value-of select="$shade"/></xsl:attribute></xsl:if>
      <xsl:if test="$align = 'right'"><xsl:attribute name="text-align">right</xsl:attribute></xsl:if>
      <xsl:copy-of select="$body"/>
    </fo:table-cell>
  </xsl:template>

  <!-- ===== Wording, as common.xsl and ijb-direction.xsl ===== -->

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

  <xsl:template name="date">
    <xsl:param name="d" select="."/>
    <xsl:variable name="m" select="number(substring($d, 6, 2))"/>
    <xsl:value-of select="number(substring($d, 9, 2))"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="normalize-space(substring(
      'January  February March    April    May      June     July     August   SeptemberOctober  November December ',
      ($m - 1) * 9 + 1, 9))"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($d, 1, 4)"/>
  </xsl:template>

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
