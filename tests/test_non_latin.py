"""Clean text in non-Latin scripts passes through every default rule unharmed.

The texts are short articles written for these tests (no scraped text). `fix` must return
them byte for byte, and `check` may only report the document-level info checks (a short
text is "too short"), never a warning or an error.
"""

from __future__ import annotations

import pytest

import textclean

ARTICLES = {
    "arabic": (
        "أعيد فتح الميناء يوم الاثنين بعد ثلاثة أسابيع من أعمال الإصلاح.\n\n"
        "وقال رئيس البلدية إن السفن الأولى وصلت عند الفجر محملة بالأسماك والفواكه.\n\n"
        "«نحن سعداء بعودة الحركة»، قال أحد التجار في السوق القديم.\n"
    ),
    "chinese": (
        "港口在经过三周的维修后于周一重新开放。\n\n"
        "市长说，第一批船只在黎明时分抵达，载满了鱼和水果。\n\n"
        "“我们很高兴看到生意恢复了，”老市场的一位商人说。\n"
    ),
    "japanese": (
        "港は三週間の修理の後、月曜日に再開した。\n\n"
        "市長によると、最初の船は夜明けに魚と果物を積んで到着した。\n\n"
        "「商売が戻ってうれしい」と古い市場の商人は話した。\n"
    ),
    "korean": (
        "항구는 3주간의 수리를 마치고 월요일에 다시 문을 열었다.\n\n"
        "시장은 첫 배들이 새벽에 생선과 과일을 싣고 도착했다고 말했다.\n"
    ),
    "devanagari": (
        "तीन सप्ताह की मरम्मत के बाद सोमवार को बंदरगाह फिर से खुल गया।\n\n"
        "महापौर ने कहा कि पहले जहाज़ भोर में मछली और फल लेकर पहुँचे।\n\n"
        "पुराने बाज़ार के एक व्यापारी ने कहा, “कारोबार लौटने से हम खुश हैं।”\n"
    ),
    "thai": (
        "ท่าเรือเปิดทำการอีกครั้งในวันจันทร์หลังจากซ่อมแซมนานสามสัปดาห์\n\n"
        "นายกเทศมนตรีกล่าวว่าเรือลำแรกมาถึงตอนรุ่งสางพร้อมปลาและผลไม้\n"
    ),
    "hebrew": (
        "הנמל נפתח מחדש ביום שני לאחר שלושה שבועות של תיקונים.\n\n"
        "ראש העירייה אמר שהספינות הראשונות הגיעו עם שחר עמוסות דגים ופירות.\n"
    ),
    "cyrillic": (
        "Порт снова открылся в понедельник после трёх недель ремонта.\n\n"
        "Мэр сказал, что первые суда прибыли на рассвете с рыбой и фруктами.\n\n"
        "«Мы рады, что торговля вернулась», — сказал торговец на старом рынке.\n"
    ),
    "mixed": (
        "Festival programme / برنامج المهرجان / 节目单 / कार्यक्रम / โปรแกรม\n\n"
        "Tickets: 12 € — تذاكر — 门票 — टिकट — ตั๋ว\n"
    ),
}

# Short lines in these scripts that look like a menu to nobody: a list of dishes.
LISTS = {
    "arabic-list": "المكونات:\nأرز\nعدس\nبصل\nزيت زيتون\n\nيطهى كل شيء على نار هادئة لمدة ساعة كاملة قبل التقديم.\n",
    "thai-list": "ส่วนผสม\nข้าว\nถั่ว\nหัวหอม\nน้ำมันมะกอก\n\nต้มทุกอย่างด้วยไฟอ่อนเป็นเวลาหนึ่งชั่วโมงก่อนเสิร์ฟพร้อมกับขนมปังอุ่นๆ\n",
}


@pytest.mark.parametrize("name", sorted(ARTICLES) + sorted(LISTS))
def test_fix_leaves_clean_text_byte_identical(name, all_rules):
    text = ARTICLES.get(name) or LISTS[name]
    for rules in (textclean.load_rules(), all_rules):
        for unsafe in (False, True):
            result = textclean.fix_text(text, rules, unsafe_fixes=unsafe)
            assert result.text == text, [a.finding.rule for a in result.applied]
            assert result.applied == ()


@pytest.mark.parametrize("name", sorted(ARTICLES) + sorted(LISTS))
def test_check_reports_nothing_harmful(name, default_rules):
    text = ARTICLES.get(name) or LISTS[name]
    findings = textclean.check_text(text, default_rules)
    # Only the report-only document checks may speak (a few sentences are "too short").
    assert {f.rule for f in findings} <= {"DC001"}, [(f.rule, f.message) for f in findings]


def test_repairs_still_work_around_non_latin_text(default_rules):
    text = "港口重新开放&amp;市场\u200b恢复。\n\nPlain words donâ€™t hurt.\n"
    fixed = textclean.fix_text(text, default_rules).text
    assert fixed == "港口重新开放&市场恢复。\n\nPlain words don’t hurt.\n"
