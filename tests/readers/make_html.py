"""Write a corpus plan as a Chinese government article page, GBK-encoded with a meta charset.

Shaped like the pages county and city governments publish plans on: a header with navigation, a
breadcrumb (当前位置), the article title, an info line (发布时间 / 来源 / 字号 / 打印 / 浏览次数), share
links, the body pasted from Word (<p> with &nbsp; indents and font spans, headings in <strong>), an
indicator table (<table> with <p> in its cells), related links and a footer with the site's
registration numbers. In one paragraph several numbered items are separated by <br> only, as
pages often print a list. Characters outside GBK (none in the corpus) become &#NNNN; references.
"""
from __future__ import annotations

import html

from tests.readers.corpus_model import Para, Table

_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="SiteName" content="{site}" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="2022-07-28 10:12" />
<title>{title}_政策文件_{site}</title>
<link rel="stylesheet" href="/css/common.css" />
<script type="text/javascript">var _hmt = _hmt || []; function doZoom(size) {{ document.getElementById('zoom').style.fontSize = size + 'px'; }}</script>
<style>.nav li {{ float: left; }} .TRS_Editor p {{ line-height: 2; }}</style>
</head>
<body>
<div class="top">
  <div class="logo"><img src="/images/logo.png" alt="{site}" /></div>
  <div class="topbar">无障碍浏览 | 长者模式 | 繁體 | <a href="/ssl/">站内搜索</a></div>
  <ul class="nav">
    <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjgt/">走进{short}</a></li>
  </ul>
</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a> &gt; 正文</div>
<div class="main">
<div class="leftnav"><h3>政务公开</h3><ul><li><a href="/zwgk/zcwj/">政策文件</a></li><li><a href="/zwgk/ghjh/">规划计划</a></li><li><a href="/zwgk/tjsj/">统计数据</a></li></ul></div>
<div class="article">
  <h1 class="title">{title}</h1>
  <div class="info">发布时间：2022-07-28 10:12&nbsp;&nbsp;来源：{site}办公室&nbsp;&nbsp;字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>&nbsp;&nbsp;<a href="javascript:window.print()">打印</a>&nbsp;&nbsp;浏览次数：<span id="hits">2381</span></div>
  <div class="share">分享到：<a class="wx" href="#">微信</a><a class="wb" href="#">微博</a><a class="qz" href="#">QQ空间</a></div>
  <div class="TRS_Editor" id="zoom">
"""

_TAIL = """  </div>
  <div class="share bottom">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】 分享到：<a href="#">微信</a> <a href="#">微博</a></div>
  <div class="related"><h3>相关链接</h3><ul>
    <li><a href="/zwgk/ghjh/1.html">{site}关于印发“十四五”卫生健康事业发展规划的通知</a><span>2022-05-16</span></li>
    <li><a href="/zwgk/ghjh/2.html">{site}关于印发“十四五”教育事业发展规划的通知</a><span>2022-03-02</span></li>
    <li><a href="/zwgk/ghjh/3.html">关于开展2022年度妇女儿童发展规划监测统计工作的通知</a><span>2022-01-11</span></li>
  </ul></div>
</div>
</div>
<div class="footer">
  <p><a href="/about/">关于我们</a> | <a href="/map/">网站地图</a> | <a href="/contact/">联系我们</a></p>
  <p>主办单位：{site}办公室　承办单位：{short}县融媒体中心</p>
  <p>网站标识码：6207240001　ICP备案号：陇ICP备05001234号-1　公网安备 62072402000123号</p>
</div>
<script type="text/javascript">document.getElementById('hits').innerHTML = '2382';</script>
</body>
</html>
"""


def _p(text: str, *, strong: bool = False, center: bool = False) -> str:
    body = html.escape(text, quote=False)
    if strong:
        body = f"<strong>{body}</strong>"
    if center:
        return f'<p style="text-align: center;"><span style="font-size: 22px; font-family: 方正小标宋简体;">{body}</span></p>\n'
    return (f'<p style="text-indent: 2em;">&nbsp;&nbsp;<span style="font-family: 仿宋_GB2312; font-size: 16pt;">'
            f"{body}</span></p>\n")


def _table(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells = "".join(f'<td valign="center"><p style="text-align:center">{html.escape(c, quote=False)}</p></td>'
                        for c in row)
        rows.append(f"<tr>{cells}</tr>")
    return '<table border="1" cellspacing="0" cellpadding="0" width="600"><tbody>\n' + "\n".join(rows) + "\n</tbody></table>\n"


def write_html(blocks: list[Para | Table], title: str, site: str, *, br_list_after: str = "主要目标") -> bytes:
    """The page as GBK bytes. The first numbered list after a `br_list_after` line is printed as
    one <p> with <br> between its items."""
    parts: list[str] = []
    i = 0
    br_done = False
    while i < len(blocks):
        b = blocks[i]
        if isinstance(b, Table):
            parts.append(_table(b))
            i += 1
            continue
        if not br_done and br_list_after in b.printed[:8] and i + 1 < len(blocks):
            items = []
            j = i + 1
            while j < len(blocks) and isinstance(blocks[j], Para) and blocks[j].marker and \
                    blocks[j].marker.kind in ("dec", "par"):
                items.append(html.escape(blocks[j].printed, quote=False))
                j += 1
            if items:
                parts.append(_p(b.printed))
                parts.append('<p style="text-indent: 2em;">' + "<br />\n&nbsp;&nbsp;&nbsp;&nbsp;".join(items) + "</p>\n")
                br_done = True
                i = j
                continue
        heading = b.marker is not None and b.marker.kind in ("part",)
        centered = b.marker is None and len(b.text) < 40 and ("规划" in b.text or "目标表" in b.text) \
            and "关于" not in b.text
        parts.append(_p(b.printed, strong=heading or centered, center=centered))
        i += 1
    short = site.removesuffix("人民政府")[:2]
    page = _HEAD.format(charset="gb2312", site=site, short=short, title=html.escape(title)) + "".join(parts) + \
        _TAIL.format(site=site, short=short)
    return page.encode("gbk", errors="xmlcharrefreplace")
