import { Link } from "@remix-run/react";
import { useI18n } from "~/i18n/use-i18n";

/**
 * Pages of a long list as plain links, so paging works without JavaScript
 * and each page has its own URL. `href` gives a page's URL; `label` names
 * the list for screen readers. A list of one page has no pager.
 */
export function LinkPager({
  page,
  pageCount,
  href,
  label,
  className,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  label: string;
  className?: string;
}) {
  const { t, number } = useI18n();
  if (pageCount <= 1) return null;
  const step = (to: number, text: string, rel?: "prev" | "next") =>
    to === page || to < 1 || to > pageCount ? (
      <span className="link-pager-off" aria-disabled="true">
        {text}
      </span>
    ) : (
      <Link to={href(to)} rel={rel} preventScrollReset>
        {text}
      </Link>
    );
  return (
    <nav className={className ? `link-pager ${className}` : "link-pager"} aria-label={label}>
      {pageCount > 2 ? step(1, `« ${t("pager.first")}`) : null}
      {step(page - 1, `‹ ${t("pager.previous")}`, "prev")}
      <span className="link-pager-at" aria-current="page">
        {t("pager.page", { page: number(page), pages: number(pageCount) })}
      </span>
      {step(page + 1, `${t("pager.next")} ›`, "next")}
      {pageCount > 2 ? step(pageCount, `${t("pager.last")} »`) : null}
    </nav>
  );
}
