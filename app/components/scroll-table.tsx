import type { ReactNode, TableHTMLAttributes } from "react";

type ScrollTableProps = TableHTMLAttributes<HTMLTableElement> & {
  children: ReactNode;
  /** The scrolling box's class: relationship.css `rel-scroll` unless said. */
  boxClassName?: string;
  /** The heading that names the box; a named box takes keyboard focus, so a keyboard can scroll it. */
  labelledBy?: string;
  "data-testid"?: string;
};

/** A table wider than a phone, in a box that scrolls sideways instead of the page. */
export function ScrollTable({ children, boxClassName = "rel-scroll", labelledBy, ...table }: ScrollTableProps) {
  return (
    <div className={boxClassName} {...(labelledBy ? { tabIndex: 0, role: "group", "aria-labelledby": labelledBy } : {})}>
      <table {...table}>{children}</table>
    </div>
  );
}
